using Lamina.Core;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// L1's records with a count of the blob commitments read (<see cref="BatchReads"/>): derivation reads one per blob it
/// checks before it decompresses a channel, and nothing else does, so the count is the blob work a replay did.
/// </summary>
internal sealed class CountingRecords(IRollupDerivationRecords inner) : IRollupDerivationRecords
{
    public int BatchReads { get; private set; }

    public RecordedBatch? Batch(ulong number)
    {
        BatchReads++;
        return inner.Batch(number);
    }

    public bool TryGet(ulong index, out Address recipient, out ulong amount) => inner.TryGet(index, out recipient, out amount);

    public ulong? BlobBaseFeeAt(ulong l1Height) => inner.BlobBaseFeeAt(l1Height);

    public ulong? L1TimeAt(ulong l1Height) => inner.L1TimeAt(l1Height);

    public ulong? DepositHeight(ulong index) => inner.DepositHeight(index);

    public (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index) => inner.Forced(index);
}
