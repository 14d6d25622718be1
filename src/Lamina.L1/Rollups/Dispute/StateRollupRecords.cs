using Lamina.Core;
using Lamina.L1.State;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>L1's records of one rollup as the dispute step reads them: <see cref="RollupDepositRecord"/> by queue index, <see cref="BlobFeeRecord"/> by height.</summary>
public sealed class StateRollupRecords(WorldState state, ulong rollupId) : IRollupL1Records
{
    public bool TryGet(ulong index, out Address recipient, out ulong amount)
    {
        var record = RollupLedger.FindDeposit(state, rollupId, index);
        recipient = record?.L2Recipient ?? default;
        amount = record?.Amount ?? 0;
        return record is not null;
    }

    public ulong? BlobBaseFeeAt(ulong l1Height) => RollupLedger.BlobFeeAt(state, l1Height);
}
