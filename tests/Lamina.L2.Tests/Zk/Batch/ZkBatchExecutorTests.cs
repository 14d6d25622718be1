using Lamina.Core;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Tests.Zk.Batch;

public sealed class ZkBatchExecutorTests
{
    private static readonly ZkRollupDomain Domain = ZkWorkload.Domain;
    private static readonly ZkSigningKey Alice = ZkSigningKey.FromSeed(new byte[32]);
    private static readonly ZkSigningKey Bob = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private const uint A = 5, B = 9_000_000;

    /// <summary>Alice (slot 5) holds 1,000 and Bob (slot 9,000,000) holds 50; two deposits consumed.</summary>
    private static (ZkState State, ZkBatchExecutor Executor) Funded()
    {
        var state = new ZkState();
        var executor = new ZkBatchExecutor(Domain);
        executor.Apply(state, new DepositOp(0, A, Alice.PublicKey, 1_000));
        executor.Apply(state, new DepositOp(1, B, Bob.PublicKey, 50));
        return (state, executor);
    }

    private static ZkTxError Refused(ZkBatchExecutor executor, ZkState state, ZkTransaction tx)
    {
        var root = state.Root;
        var e = Assert.Throws<InvalidZkTransactionException>(() => executor.Apply(state, tx));
        Assert.Equal(root, state.Root);
        return e.Error;
    }

    [Fact]
    public void A_transfer_moves_funds_and_advances_the_nonce()
    {
        var (state, executor) = Funded();
        var op = executor.Apply(state, TransferTx.Create(A, B, PackedAmount.Pack(300), 0, Alice, Domain));
        Assert.Equal(new AccountLeaf(Alice.PublicKey, 700, 1), state.Accounts.Get(A));
        Assert.Equal(new AccountLeaf(Bob.PublicKey, 350, 0), state.Accounts.Get(B));
        Assert.Equal(12, PubdataCodec.Encode([op]).Length);
    }

    [Fact]
    public void A_signature_by_another_key_is_refused() =>
        Assert.Equal(ZkTxError.BadSignature, Refused(Funded().Executor, Funded().State, TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Bob, Domain)));

    [Fact]
    public void A_signature_for_another_rollup_is_refused()
    {
        var (state, executor) = Funded();
        var other = new ZkRollupDomain("lamina-test", 8);
        Assert.Equal(ZkTxError.BadSignature, Refused(executor, state, TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Alice, other)));
        var otherChain = new ZkRollupDomain("lamina-main", 7);
        Assert.Equal(ZkTxError.BadSignature, Refused(executor, state, TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Alice, otherChain)));
    }

    [Fact]
    public void Overdraft_overflow_zero_and_self_transfers_are_refused()
    {
        var (state, executor) = Funded();
        Assert.Equal(ZkTxError.InsufficientBalance, Refused(executor, state, TransferTx.Create(A, B, PackedAmount.Pack(1_001), 0, Alice, Domain)));
        Assert.Equal(ZkTxError.ZeroAmount, Refused(executor, state, TransferTx.Create(A, B, PackedAmount.Pack(0), 0, Alice, Domain)));
        Assert.Equal(ZkTxError.SelfTransfer, Refused(executor, state, TransferTx.Create(A, A, PackedAmount.Pack(1), 0, Alice, Domain)));
        executor.Apply(state, new DepositOp(2, B, Bob.PublicKey, AccountLeaf.MaxBalance - 50));
        Assert.Equal(AccountLeaf.MaxBalance, state.Accounts.Get(B).Balance);
        Assert.Equal(ZkTxError.BalanceOverflow, Refused(executor, state, TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Alice, Domain)));
    }

    [Fact]
    public void Replayed_and_skipped_nonces_are_refused()
    {
        var (state, executor) = Funded();
        var first = TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Alice, Domain);
        executor.Apply(state, first);
        Assert.Equal(ZkTxError.WrongNonce, Refused(executor, state, first));
        Assert.Equal(ZkTxError.WrongNonce, Refused(executor, state, TransferTx.Create(A, B, PackedAmount.Pack(1), 2, Alice, Domain)));
    }

    [Fact]
    public void Accounts_must_exist_or_be_free_as_the_kind_says()
    {
        var (state, executor) = Funded();
        Assert.Equal(ZkTxError.UnknownAccount, Refused(executor, state, TransferTx.Create(A, 77, PackedAmount.Pack(1), 0, Alice, Domain)));
        Assert.Equal(ZkTxError.UnknownAccount, Refused(executor, state, TransferTx.Create(77, A, PackedAmount.Pack(1), 0, Alice, Domain)));
        Assert.Equal(ZkTxError.SlotOccupied, Refused(executor, state, TransferToNewTx.Create(A, B, Alice.PublicKey, PackedAmount.Pack(1), 0, Alice, Domain)));
        executor.Apply(state, TransferToNewTx.Create(A, 77, Bob.PublicKey, PackedAmount.Pack(10), 0, Alice, Domain));
        Assert.Equal(new AccountLeaf(Bob.PublicKey, 10, 0), state.Accounts.Get(77));
    }

    [Fact]
    public void A_deposit_is_credited_once_and_serials_run_in_order()
    {
        var (state, executor) = Funded();
        Assert.Equal(ZkTxError.WrongPrioritySerial, Refused(executor, state, new DepositOp(1, A, Alice.PublicKey, 5)));
        Assert.Equal(ZkTxError.WrongPrioritySerial, Refused(executor, state, new DepositOp(3, A, Alice.PublicKey, 5)));
        var op = executor.Apply(state, new DepositOp(2, A, Bob.PublicKey, 5));
        Assert.False(op.Applied); // the slot belongs to Alice: refunded on L1, not credited
        Assert.Equal(1_000UL, state.Accounts.Get(A).Balance);
        Assert.Equal(3UL, state.PriorityOpsProcessed);
    }

    [Fact]
    public void Withdrawals_and_forced_exits_debit_only_with_the_owner_signature()
    {
        var (state, executor) = Funded();
        var l1 = new Address(new byte[20]);
        Assert.Equal(ZkTxError.BadSignature, Refused(executor, state, WithdrawalTx.Create(A, 1, l1, 0, Bob, Domain)));
        executor.Apply(state, WithdrawalTx.Create(A, 100, l1, 0, Alice, Domain));
        Assert.Equal(900UL, state.Accounts.Get(A).Balance);
        var forged = executor.Apply(state, ForcedExitOp.Create(2, A, l1, 1, Bob, Domain));
        Assert.False(forged.Applied);
        Assert.Equal(900UL, state.Accounts.Get(A).Balance);
        var stale = executor.Apply(state, ForcedExitOp.Create(3, A, l1, 0, Alice, Domain));
        Assert.False(stale.Applied);
        var exit = executor.Apply(state, ForcedExitOp.Create(4, A, l1, 1, Alice, Domain));
        Assert.True(exit.Applied);
        Assert.Equal(900UL, exit.Amount);
        Assert.Equal(new AccountLeaf(Alice.PublicKey, 0, 2), state.Accounts.Get(A));
    }

    [Fact]
    public void A_failed_batch_leaves_the_state_untouched()
    {
        var (state, executor) = Funded();
        var root = state.Root;
        List<ZkTransaction> txs =
        [
            TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain),
            TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain),
        ];
        var e = Assert.Throws<InvalidZkTransactionException>(() => executor.ApplyBatch(state, txs));
        Assert.Equal(1, e.Position);
        Assert.Equal(root, state.Root);
    }
}
