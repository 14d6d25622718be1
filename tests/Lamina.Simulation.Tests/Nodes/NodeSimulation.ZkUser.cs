using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Rebuild;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The ZK user's script, one step per tick once the previous step took: register the rollup (the operator's L1 key),
/// deposit to accounts A and B on L1, send a transfer A → B and a withdrawal from B to the operator, then deposit to
/// C. With an honest operator the run ends when L1 verified all five operations, and the state rebuilt from L1 and DA
/// alone has the exact balances and the withdrawal is on L1. With withheld pubdata it ends after the rollup froze
/// exactly N blocks after its oldest waiting request, A and B took their exact proven balances by exodus (proofs built
/// from DA alone), a second claim was refused and C's deposit was refunded: the escrow is empty.
/// </summary>
internal sealed partial class NodeSimulation
{
    private const uint ZkA = 3, ZkB = 4, ZkC = 5;
    private const ulong DepositA = 1_000_000, DepositB = 500_000, DepositC = 7_000, TransferAB = 100_000, WithdrawB = 50_000;
    private static readonly SigningKey ZkUserL1Key = SimKeys.Clients(ClientCount + 3)[^1];
    private static readonly ZkSigningKey ZkKeyA = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly ZkSigningKey ZkKeyB = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)0xB2, 32).ToArray());
    private static readonly ZkSigningKey ZkKeyC = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)0xC3, 32).ToArray());
    private static readonly Address ZkWithdrawTo = new(Enumerable.Repeat((byte)0x5D, Address.Size).ToArray());
    private static readonly Address ZkExitA = new(Enumerable.Repeat((byte)0xEA, Address.Size).ToArray());
    private static readonly Address ZkExitB = new(Enumerable.Repeat((byte)0xEB, Address.Size).ToArray());

    private readonly Dictionary<ulong, Transaction> _zkUserTxs = []; // lookup only: the user's L1 transactions by nonce, re-sent as they are
    private Transaction? _zkRegister;
    private bool _zkRegistered, _zkDone;
    private int _zkStep;
    private string _zkOutcome = "not finished";
    private string? _zkRebuildError;

    private void ZkUserTick()
    {
        if (_zkDone || FirstHonestNode() is not { } node) return;
        var chain = node.Chain!;
        var rollup = ZkLedger.Find(chain.StateAt(), ZkRollupId);
        if (!_zkRegistered)
        {
            if (rollup is null)
            {
                _zkRegister ??= new ZkRollupTxBuilder(ZkOperatorL1Key, ChainId, 0, chain.NextBaseFee * 4 + 10, 2)
                    .Register(new ZkRollupConfig(ZkRollupId, AccountTree.EmptyRoot, ZkAirVersions.Current, _zk!.ExodusDelayBlocks));
                SubmitZk(_zkRegister);
                return;
            }
            _zkRegistered = true;
            StartZkOperator();
        }
        if (rollup is null) return;
        Mix(0x2D00 | (ulong)_zkStep);
        switch (_zkStep)
        {
            case 0: // both deposits queued on L1
                SubmitZk(UserTx(0, b => b.Deposit(ZkRollupId, ZkA, ZkKeyA.PublicKey, DepositA)));
                SubmitZk(UserTx(1, b => b.Deposit(ZkRollupId, ZkB, ZkKeyB.PublicKey, DepositB)));
                if (rollup.NextPriority >= 2) _zkStep++;
                break;
            case 1 when OperatorHolds(ZkB, DepositB):
                if (Admit(TransferTx.Create(ZkA, ZkB, PackedAmount.Pack(TransferAB), 0, ZkKeyA, ZkDomain))) _zkStep++;
                break;
            case 2:
                if (Admit(WithdrawalTx.Create(ZkB, WithdrawB, ZkWithdrawTo, 0, ZkKeyB, ZkDomain))) _zkStep++;
                break;
            case 3:
                SubmitZk(UserTx(2, b => b.Deposit(ZkRollupId, ZkC, ZkKeyC.PublicKey, DepositC)));
                if (rollup.NextPriority >= 3) _zkStep++;
                break;
            case 4 when _zk!.WithholdPubdata:
                if (rollup.IsFrozen) ZkFrozen(node, rollup);
                break;
            case 4:
                if (rollup.IsFrozen) ZkFail($"the rollup froze at L1 height {rollup.FrozenAtHeight} with an honest operator");
                else if (rollup.NextBatch == 5 && rollup.PriorityProcessed == 3) ZkCheckHonestEnd(node, rollup);
                break;
            case 5: // the exodus claims and the refund were sent: wait until all three are in
                if (chain.GetAccount(ZkUserL1Key.Address).Nonce >= 6) ZkCheckExodusEnd(node, rollup);
                else for (ulong n = 3; n < 6; n++) SubmitZk(_zkUserTxs[n]);
                break;
        }
    }

    private bool OperatorHolds(uint account, ulong balance) => _zkOperator is { } op && op.Core.GetAccount(account).Balance == balance;

    /// <summary>A user transaction is acknowledged when the operator journaled it; a refusal (it is down, or halted) is tried again.</summary>
    private bool Admit(ZkTransaction tx)
    {
        if (_zkOperator is not { } op) return false;
        try
        {
            Mix(0x2D10 | op.Core.Admit(tx).Sequence << 16);
            return true;
        }
        catch (Lamina.L2.Zk.Operator.ZkTransactionRejectedException e)
        {
            ZkFail($"the operator refused the script's {tx.Kind} ({e.Message})");
            return false;
        }
    }

    private Transaction UserTx(ulong nonce, Func<ZkRollupTxBuilder, Transaction> build)
    {
        if (!_zkUserTxs.TryGetValue(nonce, out var tx))
        {
            var chain = FirstHonestNode()!.Chain!;
            tx = build(new ZkRollupTxBuilder(ZkUserL1Key, ChainId, nonce, chain.NextBaseFee * 4 + 10, 2));
            _zkUserTxs[nonce] = tx;
        }
        return tx;
    }

    /// <summary>To a random live honest node; already known, already in, or refused there for now (a lagging node) is tried again later.</summary>
    private void SubmitZk(Transaction tx)
    {
        if (RandomHonestNode() is not { } node) return;
        try
        {
            node.Chain!.SubmitTransaction(tx);
        }
        catch (TransactionRejectedException)
        {
        }
    }

    /// <summary>
    /// The state rebuilt from L1 records and DA pubdata alone, as a user without the operator would; null (tried again
    /// next tick, reported at the end if it never works) while the node's DA store has not caught up with its chain.
    /// </summary>
    private ZkRebuiltState? RebuildZk(WholeNode node)
    {
        using var reader = new Lamina.Client.LaminaRpcClient(new Uri("http://zk-reader.sim/"), new HttpClient(new SimRpcHandler(_ => node)));
        var rebuild = ZkStateRebuilder.RebuildAsync(new ClientZkSettlement(reader, reader, ZkRollupId, ChainId));
        if (!rebuild.IsCompleted) ZkFail("rebuilding the state from L1 and DA did not complete inline");
        else if (rebuild.Exception is { } e) _zkRebuildError = e.InnerException?.Message ?? e.Message;
        else return rebuild.Result;
        return null;
    }

    private void ZkCheckHonestEnd(WholeNode node, ZkRollupRecord rollup)
    {
        if (RebuildZk(node) is not { } rebuilt) return;
        var accounts = rebuilt.State.Accounts;
        Expect((accounts.Get(ZkA).Balance, accounts.Get(ZkA).Nonce), (DepositA - TransferAB, 1u), "account A");
        Expect((accounts.Get(ZkB).Balance, accounts.Get(ZkB).Nonce), (DepositB + TransferAB - WithdrawB, 1u), "account B");
        Expect(accounts.Get(ZkC).Balance, DepositC, "account C");
        Expect(node.Chain!.GetAccount(ZkWithdrawTo).Balance, (UInt128)WithdrawB, "the withdrawal's L1 recipient");
        Expect(rollup.Escrowed, (UInt128)(DepositA + DepositB + DepositC - WithdrawB), "the escrow");
        ZkFinish("all five operations verified on L1; the state rebuilt from DA has the exact balances");
    }

    /// <summary>Frozen: check when, then claim A's and B's proven balances with proofs from DA, and refund C's deposit.</summary>
    private void ZkFrozen(WholeNode node, ZkRollupRecord rollup)
    {
        var oldest = ZkLedger.FindPriority(node.Chain!.StateAt(), ZkRollupId, rollup.PriorityProcessed);
        if (oldest is null) ZkFail($"the rollup froze at {rollup.FrozenAtHeight} with no request waiting");
        else Expect(rollup.FrozenAtHeight, oldest.QueuedAtHeight + _zk!.ExodusDelayBlocks, "the freeze height (oldest waiting request's height + N)");
        Expect(rollup.NextBatch, _zk!.WithholdFromBatch, "the proven batches (none withheld may be accepted)");
        if (RebuildZk(node) is not { } rebuilt) return;
        var accounts = rebuilt.State.Accounts;
        Expect((accounts.Get(ZkA).Balance, accounts.Get(ZkB).Balance), (DepositA, DepositB), "A and B in the last proven root");
        UserTx(3, b => b.Exodus(ZkRollupId, ZkA, accounts.Get(ZkA), accounts.Siblings(ZkA), ZkExitA, ZkKeyA));
        UserTx(4, b => b.Exodus(ZkRollupId, ZkB, accounts.Get(ZkB), accounts.Siblings(ZkB), ZkExitB, ZkKeyB));
        UserTx(5, b => b.Refund(ZkRollupId, 2));
        _zkStep = 5;
    }

    private void ZkCheckExodusEnd(WholeNode node, ZkRollupRecord rollup)
    {
        var chain = node.Chain!;
        Expect((chain.GetAccount(ZkExitA).Balance, chain.GetAccount(ZkExitB).Balance), ((UInt128)DepositA, (UInt128)DepositB), "the exodus recipients");
        Expect((rollup.Escrowed, rollup.Exits), (UInt128.Zero, 2UL), "the escrow after exodus and refund");
        // A second claim for A, to another recipient, is refused: nothing is withdrawn twice.
        if (RebuildZk(node) is not { } rebuilt) return;
        var again = new ZkRollupTxBuilder(ZkUserL1Key, ChainId, 6, chain.NextBaseFee * 4 + 10, 2)
            .Exodus(ZkRollupId, ZkA, rebuilt.State.Accounts.Get(ZkA), rebuilt.State.Accounts.Siblings(ZkA), ZkExitB, ZkKeyA);
        try
        {
            chain.SubmitTransaction(again);
            ZkFail("a second exodus claim for account A was admitted");
        }
        catch (ZkRollupRejectedException e) when (e.Error == ZkRollupError.AlreadyExited)
        {
        }
        ZkFinish($"froze at {rollup.FrozenAtHeight}; A and B left by exodus with their exact proven balances, C's deposit refunded, a second claim refused");
    }

    private void Expect<T>(T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected)) ZkFail($"{what}: {actual}, expected {expected}");
    }

    private void ZkFail(string message)
    {
        _violations.Add($"zk: {message} (at {Now} ms)");
        ZkFinish("failed");
    }

    private void ZkFinish(string outcome)
    {
        if (_zkDone) return;
        _zkDone = true;
        _zkOutcome = outcome;
    }

    /// <summary>Invariant at the end: the script finished (liveness of the rollup, or of exodus).</summary>
    private void CheckZkEnd()
    {
        if (_zk is not null && !_zkDone)
            _violations.Add($"zk: the script did not finish (step {_zkStep}{(_zkRebuildError is null ? "" : $"; last rebuild from DA failed: {_zkRebuildError}")}); {DescribeZk()}");
    }

    private string DescribeZkUser() => $"script step {_zkStep}: {_zkOutcome}";
}
