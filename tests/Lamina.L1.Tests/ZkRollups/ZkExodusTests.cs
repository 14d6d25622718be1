using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using static Lamina.L1.Tests.TestKit;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// Exodus: the rollup freezes once a priority request has waited the delay without a batch processing it (a batch
/// that skips it does not help); then every account withdraws its exact balance in the last proven root, proven
/// from the pubdata alone, once; the pending deposit is refunded once; nothing else moves.
/// </summary>
public sealed class ZkExodusTests
{
    [Fact]
    public void A_silent_operator_freezes_the_rollup_and_users_leave_with_exact_balances()
    {
        var kit = new ZkKit();
        kit.Block(kit.Deposit(2, A, Alice, 1_000), kit.Deposit(3, B, Bob, 50));
        var first = kit.Prove([.. kit.Pending(), TransferTx.Create(A, B, PackedAmount.Pack(100), 0, Alice, Domain)]);
        kit.Block(kit.Submit(first));
        kit.Accepted(first);

        // Carol's deposit waits; a batch that does not take it leaves the deadline where it is.
        kit.Block(kit.Deposit(4, C, Carol, 70));
        var queuedAt = kit.Height;
        Assert.Equal(queuedAt + Delay, ZkLedger.ExodusDeadline(kit.State, kit.Rollup));
        var skipping = kit.Prove([TransferTx.Create(B, A, PackedAmount.Pack(5), 0, Bob, Domain)]);
        kit.Block(kit.Submit(skipping));
        kit.Accepted(skipping);
        Assert.Equal(ZkRollupError.NotFrozen, kit.Refused(kit.Tx(5, new ZkRefundPayload(Id, 2))));
        while (kit.Height + 1 < queuedAt + Delay) kit.Block();
        Assert.False(kit.Rollup.IsFrozen);
        kit.Block();
        Assert.Equal(queuedAt + Delay, kit.Rollup.FrozenAtHeight);

        // Frozen: nothing enters any more.
        Assert.Equal(ZkRollupError.Frozen, kit.Refused(kit.Deposit(2, A, Alice, 1)));
        var late = kit.Prove(kit.Pending());
        Assert.Equal(ZkRollupError.Frozen, kit.Refused(kit.Submit(late)));

        // Anyone rebuilds the last proven state from the batches' pubdata alone.
        var rebuilt = new ZkState();
        PubdataReplayer.Apply(rebuilt, PubdataCodec.Decode(first.Result.Pubdata));
        PubdataReplayer.Apply(rebuilt, PubdataCodec.Decode(skipping.Result.Pubdata));
        Assert.Equal(kit.Rollup.AccountRoot, rebuilt.Accounts.Root);

        var alicePayee = Payee(0xA1);
        Assert.Equal(ZkRollupError.BadExitSignature, kit.Refused(kit.Tx(6, ZkExodusPayload.Sign(Id, A, rebuilt.Accounts.Get(A), rebuilt.Accounts.Siblings(A), alicePayee, Bob, Domain))));
        var lying = rebuilt.Accounts.Get(A) with { Balance = 10_000 };
        Assert.Equal(ZkRollupError.InvalidAccountProof, kit.Refused(kit.Tx(6, ZkExodusPayload.Sign(Id, A, lying, rebuilt.Accounts.Siblings(A), alicePayee, Alice, Domain))));
        kit.Block(Claim(kit, rebuilt, A, Alice, alicePayee, key: 6));
        Assert.Equal((UInt128)905, kit.Balance(alicePayee));
        Assert.Equal(ZkRollupError.AlreadyExited, kit.Refused(Claim(kit, rebuilt, A, Alice, Payee(0xA2), key: 6)));

        var bobPayee = Payee(0xB1);
        kit.Block(Claim(kit, rebuilt, B, Bob, bobPayee, key: 7));
        Assert.Equal((UInt128)145, kit.Balance(bobPayee));

        // Carol's deposit, never included, goes back to its L1 sender (key 4), once; processed ones never.
        var carolBefore = kit.Balance(Addr(4));
        kit.Block(kit.Tx(5, new ZkRefundPayload(Id, 2)));
        Assert.Equal(carolBefore + 70, kit.Balance(Addr(4)));
        Assert.Equal(ZkPriorityStatus.RefundedInExodus, ZkLedger.FindPriority(kit.State, Id, 2)!.Status);
        Assert.Equal(ZkRollupError.DepositNotRefundable, kit.Refused(kit.Tx(5, new ZkRefundPayload(Id, 2))));
        Assert.Equal(ZkRollupError.DepositNotRefundable, kit.Refused(kit.Tx(5, new ZkRefundPayload(Id, 0))));
        Assert.Equal(ZkRollupError.UnknownDeposit, kit.Refused(kit.Tx(5, new ZkRefundPayload(Id, 3))));

        Assert.Equal(UInt128.Zero, kit.Escrow);
        Assert.Equal((2UL, UInt128.Zero), (kit.Rollup.Exits, kit.Rollup.Escrowed));
    }

    [Fact]
    public void A_live_rollup_has_no_exodus_and_before_any_batch_no_leaf_opens_the_root()
    {
        var kit = new ZkKit();
        kit.Block(kit.Deposit(2, A, Alice, 10));
        var state = new ZkState();
        Assert.Equal(ZkRollupError.NotFrozen, kit.Refused(kit.Tx(6, ZkExodusPayload.Sign(Id, A, new AccountLeaf(Alice.PublicKey, 10, 0), state.Accounts.Siblings(A), Payee(1), Alice, Domain))));
        for (var i = 0; i < (int)Delay; i++) kit.Block();
        Assert.True(kit.Rollup.IsFrozen);
        // Nothing was proven: the genesis root holds no account, so no leaf with a key opens it.
        Assert.Equal(ZkRollupError.InvalidAccountProof, kit.Refused(kit.Tx(6, ZkExodusPayload.Sign(Id, A, new AccountLeaf(Alice.PublicKey, 10, 0), state.Accounts.Siblings(A), Payee(1), Alice, Domain))));
        kit.Block(kit.Tx(5, new ZkRefundPayload(Id, 0)));
        Assert.Equal(UInt128.Zero, kit.Escrow);
    }

    private static L1.Transactions.Transaction Claim(ZkKit kit, ZkState rebuilt, uint account, L2.Zk.Crypto.ZkSigningKey zkKey, Core.Address payee, int key)
        => kit.Tx(key, ZkExodusPayload.Sign(Id, account, rebuilt.Accounts.Get(account), rebuilt.Accounts.Siblings(account), payee, zkKey, Domain));
}
