using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// What L1 has told the rollup so far, height by height from genesis: block times, the deposit queue and the
/// forced-inclusion queue. It answers the two questions that make a block's L1 inputs a function of its origin alone:
/// which deposits a block with origin o credits (all not yet credited from L1 heights ≤ o), and which forced
/// transactions it consumes (at least every one submitted by o − window, at most every one submitted by o).
/// The sequencer and derivation share it, so they cannot disagree on these inputs.
/// </summary>
public sealed class L1Inbox(RollupConfig config)
{
    private readonly List<ulong> _timestamps = [];
    private readonly List<ulong> _blobBaseFees = [];
    private readonly List<ulong> _depositsThrough = [];
    private readonly List<ulong> _forcedThrough = [];
    private readonly List<L2Deposit> _deposits = [];
    private readonly List<ForcedTransaction> _forced = [];

    /// <summary>The next L1 height to add.</summary>
    public ulong NextHeight => config.GenesisL1Height + (ulong)_timestamps.Count;

    public bool Has(ulong height) => height >= config.GenesisL1Height && height < NextHeight;

    public ulong TimestampOf(ulong height) => _timestamps[Offset(height)];

    /// <summary>The blob base fee per byte L1 charged in block <paramref name="height"/>.</summary>
    public ulong BlobBaseFeeOf(ulong height) => _blobBaseFees[Offset(height)];

    /// <summary>The fee schedule of an L2 block with this L1 origin.</summary>
    public OptimisticFeeSchedule FeesAt(ulong origin) => config.FeesAt(BlobBaseFeeOf(origin));

    public IReadOnlyList<ForcedTransaction> ForcedQueue => _forced;

    public void Add(L1BlockData block)
    {
        if (block.Height != NextHeight) throw new ArgumentException($"l1 block {block.Height} where {NextHeight} is next");
        foreach (var deposit in block.Deposits)
        {
            if (deposit.Index != (ulong)_deposits.Count) throw new ArgumentException($"l1 deposit {deposit.Index} where {_deposits.Count} is next");
            _deposits.Add(deposit);
        }
        foreach (var forced in block.Forced)
        {
            if (forced.Index != (ulong)_forced.Count || forced.L1Height != block.Height)
                throw new ArgumentException($"forced transaction {forced.Index} at height {forced.L1Height} where {_forced.Count} at {block.Height} is next");
            _forced.Add(forced);
        }
        _timestamps.Add(block.TimestampMs);
        _blobBaseFees.Add(block.BlobBaseFee);
        _depositsThrough.Add((ulong)_deposits.Count);
        _forcedThrough.Add((ulong)_forced.Count);
    }

    /// <summary>The deposits a block with <paramref name="origin"/> credits after its parent credited up to <paramref name="nextDeposit"/>.</summary>
    public IReadOnlyList<L2Deposit> DepositsFor(ulong nextDeposit, ulong origin)
    {
        var through = _depositsThrough[Offset(origin)];
        return nextDeposit >= through ? [] : _deposits.GetRange((int)nextDeposit, (int)(through - nextDeposit));
    }

    /// <summary>
    /// The forced transactions a block with <paramref name="origin"/> consumes after its parent consumed up to
    /// <paramref name="nextForced"/>, when the sequencer asks for <paramref name="requested"/>: at least the ones due
    /// (submitted at or before origin − <paramref name="window"/>, the window in force after the parent:
    /// <see cref="ForcedWindowAfter"/>), at most the ones submitted by origin.
    /// </summary>
    public IReadOnlyList<ForcedTransaction> ForcedFor(ulong nextForced, ulong origin, ulong requested, ulong window)
    {
        var available = _forcedThrough[Offset(origin)];
        var due = origin >= config.GenesisL1Height + window ? _forcedThrough[Offset(origin - window)] : 0;
        var wanted = ulong.MaxValue - nextForced < requested ? ulong.MaxValue : nextForced + requested;
        var through = Math.Min(Math.Max(wanted, due), available);
        return nextForced >= through ? [] : _forced.GetRange((int)nextForced, (int)(through - nextForced));
    }

    /// <summary>
    /// The forced-inclusion window the child of <paramref name="parent"/> is held to: the configured one, or less when
    /// the parent's header says the delay buffer is short (<see cref="DelayBufferConfig.WindowWith"/>).
    /// </summary>
    public ulong ForcedWindowAfter(L2BlockHeader parent) => config.DelayBuffer is { } buffer
        ? buffer.WindowWith(config.ForcedInclusionWindow, parent.DelayBufferDeficit)
        : config.ForcedInclusionWindow;

    /// <summary>
    /// The inputs of the block after <paramref name="parent"/>: the deposits and forced transactions its
    /// <paramref name="origin"/> brings (<paramref name="forcedRequested"/> asked for, the due ones in any case), the
    /// sequencer's transactions, the origin's fees and the delay buffer's deficit after it. One function for the
    /// sequencer, its journal replay and derivation, so the three cannot build different blocks from the same L1.
    /// </summary>
    public L2BlockInputs InputsFor(L2BlockHeader parent, ulong origin, ulong timestampMs, ulong forcedRequested, IReadOnlyList<OptimisticBatchItem> sequenced)
    {
        var forced = ForcedFor(parent.NextForced, origin, forcedRequested, ForcedWindowAfter(parent));
        return new L2BlockInputs(origin, timestampMs, DepositsFor(parent.NextDeposit, origin), forced, sequenced, FeesAt(origin))
        {
            DelayBufferDeficit = DeficitAfter(parent, forced, origin),
        };
    }

    /// <summary>The delay buffer's deficit after a block that consumes <paramref name="forced"/> at <paramref name="origin"/>.</summary>
    public ulong DeficitAfter(L2BlockHeader parent, IReadOnlyList<ForcedTransaction> forced, ulong origin)
    {
        if (config.DelayBuffer is not { } buffer || forced.Count == 0) return parent.DelayBufferDeficit;
        var lastSubmitted = parent.NextForced == 0 ? config.GenesisL1Height : _forced[(int)(parent.NextForced - 1)].L1Height;
        return buffer.DeficitAfter(parent.DelayBufferDeficit, lastSubmitted, forced[^1].L1Height, origin);
    }

    /// <summary>How many forced transactions submitted by <paramref name="origin"/> are still waiting after <paramref name="nextForced"/>.</summary>
    public ulong ForcedWaiting(ulong nextForced, ulong origin)
    {
        var available = _forcedThrough[Offset(origin)];
        return available > nextForced ? available - nextForced : 0;
    }

    private int Offset(ulong height) => Has(height)
        ? (int)(height - config.GenesisL1Height)
        : throw new ArgumentOutOfRangeException(nameof(height), $"l1 height {height} is not in the inbox ({config.GenesisL1Height}..{NextHeight - 1})");
}
