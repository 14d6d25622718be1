using Lamina.Core;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// L1's records as a challenger read them over RPC: the deposit queue (deposit i at position i, from
/// rollup_getDeposits, with the L1 height of each), the blob base fee and time of the L1 blocks it asked for
/// (rollup_getL1Block), and for games that derive lists on L1 the forced queue with heights
/// (rollup_getForcedTransactions) and the batch references with their blobs' commitments (rollup_getBatches). It
/// rebuilds a game with them exactly as L1 does with its own state. A fee or time asked for and not read is noted in
/// <see cref="Missing"/>, so the reader can fetch it and rebuild again (which L1 blocks a derived game reads is only
/// known once its channels are decoded).
/// </summary>
public sealed class L1RecordList(IReadOnlyList<L2Deposit> deposits, IReadOnlyDictionary<ulong, ulong>? blobBaseFees = null) : IRollupDerivationRecords
{
    private readonly HashSet<ulong> _missing = [];

    /// <summary>The L1 height of deposit i at position i (null: not read, as for a game that does not derive lists).</summary>
    public IReadOnlyList<ulong>? DepositHeights { get; init; }

    /// <summary>L1 block times by height, for the heights read.</summary>
    public IReadOnlyDictionary<ulong, ulong>? L1Times { get; init; }

    /// <summary>Forced transaction i at position i, as the step runs it, with its L1 height.</summary>
    public IReadOnlyList<(OneStepTransaction Transaction, ulong L1Height)>? ForcedQueue { get; init; }

    /// <summary>Batch reference i at position i, null where L1 recorded no commitments for it.</summary>
    public IReadOnlyList<RecordedBatch?>? Batches { get; init; }

    /// <summary>The L1 heights whose fee or time a rebuild asked for and these records lack.</summary>
    public IReadOnlyCollection<ulong> Missing => _missing;

    public bool TryGet(ulong index, out Address recipient, out ulong amount)
    {
        if (index < (ulong)deposits.Count && deposits[(int)index].Index == index)
        {
            (recipient, amount) = (deposits[(int)index].Recipient, deposits[(int)index].Amount);
            return true;
        }
        (recipient, amount) = (default, 0);
        return false;
    }

    public ulong? BlobBaseFeeAt(ulong l1Height)
    {
        if (blobBaseFees is not null && blobBaseFees.TryGetValue(l1Height, out var fee)) return fee;
        _missing.Add(l1Height);
        return null;
    }

    public ulong? L1TimeAt(ulong l1Height)
    {
        if (L1Times is not null && L1Times.TryGetValue(l1Height, out var time)) return time;
        _missing.Add(l1Height);
        return null;
    }

    public ulong? DepositHeight(ulong index) => DepositHeights is { } heights && index < (ulong)heights.Count ? heights[(int)index] : null;

    public (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index) => ForcedQueue is { } queue && index < (ulong)queue.Count ? queue[(int)index] : null;

    public RecordedBatch? Batch(ulong number) => Batches is { } batches && number < (ulong)batches.Count ? batches[(int)number] : null;
}
