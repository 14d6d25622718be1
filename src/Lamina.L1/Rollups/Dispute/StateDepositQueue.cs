using Lamina.Core;
using Lamina.L1.State;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>L1's deposit records of one rollup as the dispute step reads them (<see cref="RollupDepositRecord"/> by queue index).</summary>
public sealed class StateDepositQueue(WorldState state, ulong rollupId) : IL1DepositQueue
{
    public bool TryGet(ulong index, out Address recipient, out ulong amount)
    {
        var record = RollupLedger.FindDeposit(state, rollupId, index);
        recipient = record?.L2Recipient ?? default;
        amount = record?.Amount ?? 0;
        return record is not null;
    }
}
