using Lamina.Core;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// L1's records as a test keeps them: deposits and forced transactions with their L1 heights, batch references with
/// their blobs' commitments (and the bytes, which L1 does not keep: the tests hand them to the movers), block times
/// of 1,000 ms per height after a base and a blob base fee of 0.
/// </summary>
internal sealed class DerivedRecords(ulong timeBaseMs = 0) : IRollupDerivationRecords
{
    /// <summary>The time of L1 block <paramref name="height"/>: the base + 1,000 ms per height (a test L1's blocks).</summary>
    public ulong TimeAt(ulong height) => timeBaseMs + TimeOf(height);

    public List<(Address Recipient, ulong Amount, ulong Height)> Deposits { get; } = [];
    public List<(OneStepTransaction Transaction, ulong Height)> ForcedQueue { get; } = [];
    public List<(RecordedBatch Batch, byte[][] Blobs)> Batches { get; } = [];

    public static ulong TimeOf(ulong height) => height * 1_000;

    /// <summary>Records a batch reference posted at <paramref name="postedAt"/> carrying <paramref name="blobs"/>; returns its number.</summary>
    public ulong Post(ulong postedAt, params byte[][] blobs)
    {
        Batches.Add((new RecordedBatch([.. blobs.Select(b => BlobCommitment.Of(b))], postedAt), blobs));
        return (ulong)Batches.Count - 1;
    }

    public IReadOnlyList<DerivedFrame> Frames(ulong batch) =>
        [.. Batches[(int)batch].Blobs.Select((data, i) => new DerivedFrame(batch, (uint)i, data))];

    public bool TryGet(ulong index, out Address recipient, out ulong amount)
    {
        var known = index < (ulong)Deposits.Count;
        (recipient, amount, _) = known ? Deposits[(int)index] : default;
        return known;
    }

    public ulong? BlobBaseFeeAt(ulong l1Height) => 0;

    public ulong? L1TimeAt(ulong l1Height) => TimeAt(l1Height);

    public ulong? DepositHeight(ulong index) => index < (ulong)Deposits.Count ? Deposits[(int)index].Height : null;

    public (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index) => index < (ulong)ForcedQueue.Count ? ForcedQueue[(int)index] : null;

    public RecordedBatch? Batch(ulong number) => number < (ulong)Batches.Count ? Batches[(int)number].Batch : null;
}
