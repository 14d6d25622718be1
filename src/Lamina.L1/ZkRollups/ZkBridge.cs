using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>The priority queue's entrances: deposits (funds into escrow) and forced exits.</summary>
internal static class ZkBridge
{
    public static void Deposit(WorldState state, Transaction tx, ZkDepositPayload deposit, in BlockContext block)
    {
        var rollup = Queueable(state, deposit.RollupId);
        var serial = rollup.NextPriority;
        // The sender's balance covers the amount: it is the payload's value at risk, checked before apply.
        ZkLedger.Move(state, tx.From, ZkKeys.Escrow(rollup.Id), deposit.Amount);
        var op = new DepositOp(serial, deposit.To, deposit.Key, deposit.Amount);
        state.SetRecord(ZkKeys.Priority(rollup.Id, serial), new ZkPriorityRecord(serial, tx.From, block.Height, op, ZkPriorityStatus.Pending, 0));
        state.SetRecord(ZkKeys.Rollup(rollup.Id), rollup with { NextPriority = checked(serial + 1), TotalDeposited = checked(rollup.TotalDeposited + deposit.Amount) });
    }

    public static void ForcedExit(WorldState state, Transaction tx, ZkForcedExitPayload exit, in BlockContext block)
    {
        var rollup = Queueable(state, exit.RollupId);
        var serial = rollup.NextPriority;
        state.SetRecord(ZkKeys.Priority(rollup.Id, serial), new ZkPriorityRecord(serial, tx.From, block.Height, exit.ToOp(serial), ZkPriorityStatus.Pending, 0));
        state.SetRecord(ZkKeys.Rollup(rollup.Id), rollup with { NextPriority = checked(serial + 1) });
    }

    /// <summary>A live rollup whose queue has room.</summary>
    public static ZkRollupRecord Queueable(WorldState state, uint id)
    {
        var rollup = ZkLedger.RequireLive(state, id);
        if (rollup.PendingPriority >= ZkRollupLimits.MaxPendingPriorityOps)
            throw new ZkRollupRejectedException(ZkRollupError.QueueFull, $"ZK rollup {id} already holds {rollup.PendingPriority} unprocessed priority requests");
        return rollup;
    }
}
