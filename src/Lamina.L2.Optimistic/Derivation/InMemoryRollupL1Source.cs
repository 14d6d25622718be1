namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// An <see cref="IRollupL1Source"/> held in memory, for tests and the simulation: blocks are appended as "finalized",
/// a blob can be made unavailable and later available again (withheld data), and a finalized output can be set.
/// </summary>
public sealed class InMemoryRollupL1Source : IRollupL1Source
{
    private readonly Lock _lock = new();
    private readonly List<L1BlockData> _blocks = [];
    private readonly ulong _firstHeight;
    private FinalizedOutput? _finalized;

    public InMemoryRollupL1Source(ulong firstHeight) => _firstHeight = firstHeight;

    public ulong NextHeight
    {
        get
        {
            lock (_lock) return _firstHeight + (ulong)_blocks.Count;
        }
    }

    public void Append(L1BlockData block)
    {
        lock (_lock)
        {
            if (block.Height != _firstHeight + (ulong)_blocks.Count) throw new ArgumentException($"l1 block {block.Height} is not the next");
            _blocks.Add(block);
        }
    }

    /// <summary>Replaces a stored block (to withhold a blob's data, or to release it).</summary>
    public void Replace(L1BlockData block)
    {
        lock (_lock) _blocks[(int)(block.Height - _firstHeight)] = block;
    }

    public L1BlockData Get(ulong height)
    {
        lock (_lock) return _blocks[(int)(height - _firstHeight)];
    }

    public void SetFinalized(FinalizedOutput output)
    {
        lock (_lock) _finalized = output;
    }

    public Task<ulong> FinalizedHeightAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _blocks.Count == 0
                ? Task.FromException<ulong>(new InvalidOperationException("no l1 block yet"))
                : Task.FromResult(_firstHeight + (ulong)_blocks.Count - 1);
        }
    }

    public Task<L1BlockData> GetBlockAsync(ulong height, CancellationToken cancellationToken) => Task.FromResult(Get(height));

    public Task<FinalizedOutput?> LatestFinalizedOutputAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_finalized);
    }
}
