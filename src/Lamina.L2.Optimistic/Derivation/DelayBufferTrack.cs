using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// The delay buffer after every block of one L2 chain (index = block number), kept beside the chain by the sequencer
/// and by derivation alike: <see cref="WindowAfter"/> is the forced-inclusion window the next block is held to. Without
/// a <see cref="RollupConfig.DelayBuffer"/> the window is the configured one, always.
/// </summary>
public sealed class DelayBufferTrack
{
    private readonly RollupConfig _config;
    private readonly List<DelayBufferState> _states;

    public DelayBufferTrack(RollupConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _states = [config.DelayBuffer is { } buffer ? DelayBufferState.Full(buffer, config.GenesisL1Height) : default];
    }

    public DelayBufferState After(ulong blockNumber) => _states[(int)blockNumber];

    /// <summary>The forced-inclusion window the child of block <paramref name="blockNumber"/> is held to.</summary>
    public ulong WindowAfter(ulong blockNumber) => _config.DelayBuffer is null
        ? _config.ForcedInclusionWindow
        : Math.Min(_config.ForcedInclusionWindow, _states[(int)blockNumber].BufferBlocks);

    /// <summary>Records the block that follows the last one recorded (its parent consumed forced transactions up to <paramref name="parentNextForced"/>).</summary>
    public void Append(L2BlockHeader header, ulong parentNextForced, L1Inbox inbox)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        if (header.Number != (ulong)_states.Count) throw new ArgumentException($"delay buffer: block {header.Number} where {_states.Count} is next");
        var state = _states[^1];
        if (_config.DelayBuffer is { } buffer && header.NextForced > parentNextForced)
            state = state.After(buffer, inbox.ForcedQueue[(int)(header.NextForced - 1)].L1Height, header.L1Origin);
        _states.Add(state);
    }

    /// <summary>Forgets every block from <paramref name="number"/> on (a reset of the unsafe chain).</summary>
    public void TruncateFrom(ulong number)
    {
        if (number == 0 || number > (ulong)_states.Count) throw new ArgumentOutOfRangeException(nameof(number), $"cannot truncate the delay buffer at block {number}");
        _states.RemoveRange((int)number, _states.Count - (int)number);
    }
}
