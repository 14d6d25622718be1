using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Exodus mode (zkSync Lite's, Loopring's withdrawal mode): the freeze rule and the two ways out of a frozen rollup.
/// A rollup freezes at the first block whose height reaches its oldest pending priority request's queue height plus
/// the exodus delay (checked in the begin-block hook, so every node freezes it at the same height, before the
/// block's transactions). Frozen, it takes no deposit, forced exit or batch; each account withdraws its balance in
/// the last proven root once, and every deposit no proven batch consumed is refunded to its depositor once.
/// </summary>
internal static class ZkExodus
{
    public static void FreezeExpired(WorldState state, in BlockContext block)
    {
        foreach (var id in ZkLedger.ReadIndex(state).Ids)
        {
            var rollup = ZkLedger.Find(state, id)!;
            if (rollup.IsFrozen || ZkLedger.ExodusDeadline(state, rollup) is not { } deadline || block.Height < deadline) continue;
            state.SetRecord(ZkKeys.Rollup(id), rollup with { FrozenAtHeight = block.Height });
        }
    }

    public static void Withdraw(WorldState state, ZkExodusPayload claim, in BlockContext block)
    {
        var rollup = RequireFrozen(state, claim.RollupId);
        if (ZkLedger.FindExit(state, rollup.Id, claim.Account) is { } exit)
            throw new ZkRollupRejectedException(ZkRollupError.AlreadyExited, $"account {claim.Account} already withdrew {exit.Amount} at L1 height {exit.L1Height}");
        if (AccountTree.RootFromPath(claim.Leaf, claim.Account, [.. claim.Siblings]) != rollup.AccountRoot)
            throw new ZkRollupRejectedException(ZkRollupError.InvalidAccountProof, $"the leaf and path of account {claim.Account} do not open ZK rollup {rollup.Id}'s last proven root");
        var domain = rollup.Config.Domain(block.ChainId);
        if (!SchnorrRpo.Verify(claim.Leaf.Key!.Value, ZkExodusPayload.Message(domain, claim.Account, claim.Recipient), claim.Signature))
            throw new ZkRollupRejectedException(ZkRollupError.BadExitSignature, $"the claim is not signed by account {claim.Account}'s key");
        if (claim.Leaf.Balance == 0) throw new ZkRollupRejectedException(ZkRollupError.NothingToWithdraw, $"account {claim.Account} holds nothing in the last proven root");
        var paid = checked(rollup.TotalPaidOut + claim.Leaf.Balance);
        if (paid > rollup.TotalDeposited)
            throw new ZkRollupRejectedException(ZkRollupError.EscrowInsufficient, $"ZK rollup {rollup.Id} escrows {rollup.Escrowed}, less than {claim.Leaf.Balance}");
        ZkLedger.Move(state, ZkKeys.Escrow(rollup.Id), claim.Recipient, claim.Leaf.Balance);
        state.SetRecord(ZkKeys.Exit(rollup.Id, claim.Account), new ZkExitRecord(claim.Account, claim.Recipient, claim.Leaf.Balance, block.Height));
        state.SetRecord(ZkKeys.Rollup(rollup.Id), rollup with { TotalPaidOut = paid, Exits = checked(rollup.Exits + 1) });
    }

    public static void Refund(WorldState state, ZkRefundPayload refund, in BlockContext block)
    {
        var rollup = RequireFrozen(state, refund.RollupId);
        var record = ZkLedger.FindPriority(state, rollup.Id, refund.Serial);
        if (record?.Operation is not DepositOp deposit)
            throw new ZkRollupRejectedException(ZkRollupError.UnknownDeposit, $"ZK rollup {rollup.Id} has no deposit with serial {refund.Serial}");
        if (record.Status != ZkPriorityStatus.Pending)
            throw new ZkRollupRejectedException(ZkRollupError.DepositNotRefundable, $"deposit {refund.Serial} is {record.Status} since L1 height {record.SettledAtHeight}");
        var paid = checked(rollup.TotalPaidOut + deposit.Amount);
        if (paid > rollup.TotalDeposited)
            throw new ZkRollupRejectedException(ZkRollupError.EscrowInsufficient, $"ZK rollup {rollup.Id} escrows {rollup.Escrowed}, less than {deposit.Amount}");
        ZkLedger.Move(state, ZkKeys.Escrow(rollup.Id), record.Sender, deposit.Amount);
        state.SetRecord(ZkKeys.Priority(rollup.Id, record.Serial), record with { Status = ZkPriorityStatus.RefundedInExodus, SettledAtHeight = block.Height });
        state.SetRecord(ZkKeys.Rollup(rollup.Id), rollup with { TotalPaidOut = paid });
    }

    private static ZkRollupRecord RequireFrozen(WorldState state, uint id)
    {
        var rollup = ZkLedger.Require(state, id);
        if (!rollup.IsFrozen)
        {
            var deadline = ZkLedger.ExodusDeadline(state, rollup);
            throw new ZkRollupRejectedException(ZkRollupError.NotFrozen, deadline is { } d
                ? $"ZK rollup {id} is live; it freezes at L1 height {d} unless a batch processes its oldest request"
                : $"ZK rollup {id} is live and no priority request waits");
        }
        return rollup;
    }
}
