using Lamina.Core;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L1.State;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// L1's records of one rollup as a game reads them: <see cref="RollupDepositRecord"/> by queue index,
/// <see cref="BlobFeeRecord"/> by height, and for a game that derives lists the forced queue, batch references with
/// their blobs' commitments (<see cref="BatchCommitmentsRecord"/>) and L1 block times (<see cref="L1TimeRecord"/>).
/// </summary>
public sealed class StateRollupRecords(WorldState state, ulong rollupId) : IRollupDerivationRecords
{
    public bool TryGet(ulong index, out Address recipient, out ulong amount)
    {
        var record = RollupLedger.FindDeposit(state, rollupId, index);
        recipient = record?.L2Recipient ?? default;
        amount = record?.Amount ?? 0;
        return record is not null;
    }

    public ulong? BlobBaseFeeAt(ulong l1Height) => RollupLedger.BlobFeeAt(state, l1Height);

    public ulong? L1TimeAt(ulong l1Height) => state.GetRecord<L1TimeRecord>(RollupKeys.L1Time(l1Height))?.TimeMs;

    public ulong? DepositHeight(ulong index) => RollupLedger.FindDeposit(state, rollupId, index)?.L1Height;

    public (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index) =>
        RollupLedger.FindForced(state, rollupId, index) is { } record ? (ForcedL2Transaction.ToOneStep(record.L2Kind, record.L2Transaction), record.L1Height) : null;

    public RecordedBatch? Batch(ulong number)
    {
        if (RollupLedger.FindBatch(state, rollupId, number) is not { } batch) return null;
        var commitments = state.GetRecord<BatchCommitmentsRecord>(RollupKeys.BatchCommitments(rollupId, number));
        return commitments is null ? null : new RecordedBatch(commitments.Commitments, batch.PostedAtHeight);
    }
}
