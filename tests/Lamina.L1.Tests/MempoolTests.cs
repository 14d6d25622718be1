using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Mempool;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

public sealed class MempoolTests
{
    private const ulong Base = TestKit.BaseFee;
    private static readonly Account Rich = new(UInt128.Parse("1000000000000000000000"), 0);
    private static readonly Address Sink = Addr(99);

    private static TransactionPool Pool(MempoolOptions? options = null, Execution.ChainParameters? parameters = null)
        => new(ChainId, parameters ?? Parameters(), options);

    private static TxRejectReason Rejected(TransactionPool pool, Transaction tx, Account? account = null, ulong baseFee = Base)
        => Assert.Throws<TransactionRejectedException>(() => pool.Add(tx, account ?? Rich, baseFee)).Reason;

    /// <summary>Gas limit × max fee + value: what the pool reserves for a transaction.</summary>
    private static UInt128 Cost(Transaction tx) => (UInt128)tx.GasLimit * tx.MaxFeePerGas + ((TransferPayload)tx.Payload).Amount;

    [Fact]
    public void Accepts_a_valid_transaction()
    {
        var pool = Pool();
        var tx = Transfer(Key(1), 0, Sink, 5);
        pool.Add(tx, Rich, Base);
        Assert.Equal(1, pool.Count);
        Assert.True(pool.Contains(tx.Hash));
        Assert.Equal(tx.Size, pool.Bytes);
    }

    [Fact]
    public void Bad_signature() => Assert.Equal(TxRejectReason.BadSignature, Rejected(Pool(), WithBadSignature(Transfer(Key(1), 0, Sink, 5))));

    [Fact]
    public void State_free_checks_run_apart_from_admission_and_a_checked_transaction_is_not_checked_again_against_state_free_rules()
    {
        var pool = Pool();
        // Refused before any chain state is read: what Blockchain runs outside its admission gate.
        Assert.Equal(TxRejectReason.BadSignature, Assert.Throws<TransactionRejectedException>(() => pool.CheckIntrinsic(WithBadSignature(Transfer(Key(1), 0, Sink, 5)))).Reason);
        Assert.Equal(TxRejectReason.WrongChainId, Assert.Throws<TransactionRejectedException>(() => pool.CheckIntrinsic(Transfer(Key(1), 0, Sink, 5, chainId: "lamina-other"))).Reason);

        // A checked transaction still meets the state rules when added.
        var checkedGap = pool.CheckIntrinsic(Transfer(Key(1), 1, Sink, 5));
        Assert.Equal(TxRejectReason.NonceGap, Assert.Throws<TransactionRejectedException>(() => pool.Add(checkedGap, Rich, Base)).Reason);
        var tx = Transfer(Key(1), 0, Sink, 5);
        pool.Add(pool.CheckIntrinsic(tx), Rich, Base);
        Assert.True(pool.Contains(tx.Hash));
        Assert.Throws<ArgumentException>(() => pool.Add(default(CheckedTransaction), Rich, Base));
    }

    [Fact]
    public void Signature_by_another_key()
    {
        var honest = Transfer(Key(1), 0, Sink, 5);
        var forged = new Transaction(ChainId, 0, Key(2).PublicKey, honest.MaxFeePerGas, honest.MaxPriorityFeePerGas, honest.GasLimit, honest.Payload, honest.Signature);
        Assert.Equal(TxRejectReason.BadSignature, Rejected(Pool(), forged));
    }

    [Fact]
    public void Wrong_chain_id() => Assert.Equal(TxRejectReason.WrongChainId, Rejected(Pool(), Transfer(Key(1), 0, Sink, 5, chainId: "lamina-other")));

    [Fact]
    public void Nonce_too_low() => Assert.Equal(TxRejectReason.NonceTooLow, Rejected(Pool(), Transfer(Key(1), 4, Sink, 5), Rich with { Nonce = 5 }));

    [Fact]
    public void Nonce_gap()
    {
        var pool = Pool();
        Assert.Equal(TxRejectReason.NonceGap, Rejected(pool, Transfer(Key(1), 1, Sink, 5)));
        pool.Add(Transfer(Key(1), 0, Sink, 5), Rich, Base);
        Assert.Equal(TxRejectReason.NonceGap, Rejected(pool, Transfer(Key(1), 2, Sink, 5)));
        pool.Add(Transfer(Key(1), 1, Sink, 5), Rich, Base);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Insufficient_balance_for_one_transaction()
    {
        var tx = Transfer(Key(1), 0, Sink, 5);
        Assert.Equal(TxRejectReason.InsufficientBalance, Rejected(Pool(), tx, new Account(Cost(tx) - 1, 0)));
        var pool = Pool();
        pool.Add(tx, new Account(Cost(tx), 0), Base); // exactly enough
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Insufficient_balance_counts_pending_transactions()
    {
        var first = Transfer(Key(1), 0, Sink, 1_000);
        var second = Transfer(Key(1), 1, Sink, 1_000);
        var account = new Account(Cost(first) + Cost(second) - 1, 0);
        var pool = Pool();
        pool.Add(first, account, Base);
        Assert.Equal(TxRejectReason.InsufficientBalance, Rejected(pool, second, account));
        // A cheaper second transaction that fits in what is left is fine.
        var cheaper = Transfer(Key(1), 1, Sink, 999);
        pool.Add(cheaper, account, Base);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Oversize_for_the_mempool_and_for_a_block()
    {
        var tx = Transfer(Key(1), 0, Sink, 5);
        Assert.Equal(TxRejectReason.Oversize, Rejected(Pool(new MempoolOptions { MaxTransactionBytes = tx.Size - 1 }), tx));
        Assert.Equal(TxRejectReason.Oversize, Rejected(Pool(parameters: Parameters(maxBlockBytes: tx.Size - 1)), tx));
        Pool(new MempoolOptions { MaxTransactionBytes = tx.Size }).Add(tx, Rich, Base);
    }

    [Fact]
    public void Fee_below_the_base_fee() => Assert.Equal(TxRejectReason.FeeTooLow, Rejected(Pool(), Transfer(Key(1), 0, Sink, 5, maxFee: Base - 1, tip: 0)));

    [Fact]
    public void Tip_below_the_minimum()
    {
        Assert.Equal(TxRejectReason.FeeTooLow, Rejected(Pool(), Transfer(Key(1), 0, Sink, 5, tip: 0)));
        // A priority fee that the max fee leaves no room for is no tip either.
        Assert.Equal(TxRejectReason.FeeTooLow, Rejected(Pool(), Transfer(Key(1), 0, Sink, 5, maxFee: Base, tip: 10)));
        Assert.Equal(TxRejectReason.FeeTooLow, Rejected(Pool(parameters: Parameters(minTip: 11)), Transfer(Key(1), 0, Sink, 5, tip: 10)));
    }

    [Fact]
    public void Gas_limit_too_low_or_too_high()
    {
        Assert.Equal(TxRejectReason.GasLimitTooLow, Rejected(Pool(), Transfer(Key(1), 0, Sink, 5, gasLimit: TransferPayload.Gas - 1)));
        Assert.Equal(TxRejectReason.GasLimitTooHigh, Rejected(Pool(parameters: Parameters(gasLimit: 100_000)), Transfer(Key(1), 0, Sink, 5, gasLimit: 100_001)));
    }

    [Fact]
    public void Priority_fee_above_max_fee() => Assert.Equal(TxRejectReason.InvalidFeeFields, Rejected(Pool(), Transfer(Key(1), 0, Sink, 5, maxFee: 2_000, tip: 2_001)));

    [Fact]
    public void Already_known()
    {
        var pool = Pool();
        var tx = Transfer(Key(1), 0, Sink, 5);
        pool.Add(tx, Rich, Base);
        Assert.Equal(TxRejectReason.AlreadyKnown, Rejected(pool, tx));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Replacement_needs_both_caps_raised_by_ten_percent()
    {
        var pool = Pool();
        var original = Transfer(Key(1), 0, Sink, 5, maxFee: 2_000, tip: 100);
        pool.Add(original, Rich, Base);
        Assert.Equal(TxRejectReason.ReplacementUnderpriced, Rejected(pool, Transfer(Key(1), 0, Sink, 6, maxFee: 2_199, tip: 110)));
        Assert.Equal(TxRejectReason.ReplacementUnderpriced, Rejected(pool, Transfer(Key(1), 0, Sink, 6, maxFee: 2_200, tip: 109)));
        Assert.Equal(TxRejectReason.ReplacementUnderpriced, Rejected(pool, Transfer(Key(1), 0, Sink, 6, maxFee: 5_000, tip: 100)));
        Assert.True(pool.Contains(original.Hash));

        var replacement = Transfer(Key(1), 0, Sink, 6, maxFee: 2_200, tip: 110);
        pool.Add(replacement, Rich, Base);
        Assert.Equal(1, pool.Count);
        Assert.False(pool.Contains(original.Hash));
        Assert.True(pool.Contains(replacement.Hash));
        Assert.Equal(replacement.Size, pool.Bytes);
        Assert.Equal(replacement.Hash, Assert.Single(pool.SelectCandidates(Base, ulong.MaxValue, long.MaxValue)).Hash);
    }

    [Fact]
    public void Replacement_does_not_count_the_replaced_transaction_against_the_balance()
    {
        var original = Transfer(Key(1), 0, Sink, 5, maxFee: 2_000, tip: 100);
        var replacement = Transfer(Key(1), 0, Sink, 5, maxFee: 2_200, tip: 110);
        var account = new Account(Cost(replacement), 0);
        var pool = Pool();
        pool.Add(original, account, Base);
        pool.Add(replacement, account, Base);
        Assert.True(pool.Contains(replacement.Hash));
    }

    [Fact]
    public void Sender_limit()
    {
        var pool = Pool(new MempoolOptions { MaxPerSender = 2 });
        pool.Add(Transfer(Key(1), 0, Sink, 5), Rich, Base);
        pool.Add(Transfer(Key(1), 1, Sink, 5), Rich, Base);
        Assert.Equal(TxRejectReason.SenderLimitReached, Rejected(pool, Transfer(Key(1), 2, Sink, 5)));
        pool.Add(Transfer(Key(2), 0, Sink, 5), Rich, Base);
    }

    [Fact]
    public void Full_pool_evicts_the_lowest_tip()
    {
        var pool = Pool(new MempoolOptions { MaxTransactions = 3 });
        var low = Transfer(Key(1), 0, Sink, 5, tip: 5);
        var mid = Transfer(Key(2), 0, Sink, 5, tip: 10);
        var high = Transfer(Key(3), 0, Sink, 5, tip: 20);
        pool.Add(mid, Rich, Base);
        pool.Add(low, Rich, Base);
        pool.Add(high, Rich, Base);

        var newcomer = Transfer(Key(4), 0, Sink, 5, tip: 15);
        pool.Add(newcomer, Rich, Base);
        Assert.Equal(3, pool.Count);
        Assert.False(pool.Contains(low.Hash));
        Assert.True(pool.Contains(newcomer.Hash));
        Assert.True(pool.Contains(mid.Hash));
        Assert.True(pool.Contains(high.Hash));
        Assert.Equal(3L * newcomer.Size, pool.Bytes);
    }

    [Fact]
    public void Full_pool_refuses_the_cheapest_newcomer()
    {
        var pool = Pool(new MempoolOptions { MaxTransactions = 2 });
        pool.Add(Transfer(Key(1), 0, Sink, 5, tip: 10), Rich, Base);
        pool.Add(Transfer(Key(2), 0, Sink, 5, tip: 20), Rich, Base);
        Assert.Equal(TxRejectReason.MempoolFull, Rejected(pool, Transfer(Key(3), 0, Sink, 5, tip: 9)));
        // A tie with the cheapest is not enough either.
        Assert.Equal(TxRejectReason.MempoolFull, Rejected(pool, Transfer(Key(3), 0, Sink, 5, tip: 10)));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Full_pool_never_evicts_the_newcomers_own_earlier_transaction()
    {
        var pool = Pool(new MempoolOptions { MaxTransactions = 2 });
        pool.Add(Transfer(Key(1), 0, Sink, 5, tip: 5), Rich, Base);
        pool.Add(Transfer(Key(2), 0, Sink, 5, tip: 20), Rich, Base);
        // Evicting nonce 0 to admit nonce 1 would leave a gap.
        Assert.Equal(TxRejectReason.MempoolFull, Rejected(pool, Transfer(Key(1), 1, Sink, 5, tip: 50)));
    }

    [Fact]
    public void Full_pool_evicts_the_last_nonce_of_the_cheapest_sender()
    {
        var pool = Pool(new MempoolOptions { MaxTransactions = 3 });
        var a0 = Transfer(Key(1), 0, Sink, 5, tip: 30);
        var a1 = Transfer(Key(1), 1, Sink, 5, tip: 4);
        var b0 = Transfer(Key(2), 0, Sink, 5, tip: 10);
        pool.Add(a0, Rich, Base);
        pool.Add(a1, Rich, Base);
        pool.Add(b0, Rich, Base);
        pool.Add(Transfer(Key(3), 0, Sink, 5, tip: 8), Rich, Base);
        Assert.False(pool.Contains(a1.Hash));
        Assert.True(pool.Contains(a0.Hash));
        Assert.True(pool.Contains(b0.Hash));
    }

    private static Transaction Unjail(SigningKey key, ulong nonce, ulong tip)
        => Transaction.Create(key, ChainId, nonce, 2_000, tip, UnjailPayload.Gas, new UnjailPayload());

    [Fact]
    public void Full_pool_by_bytes_evicts_as_many_cheap_transactions_as_the_newcomer_needs()
    {
        // Two small unjail transactions fill the byte budget; a transfer is bigger than one of them plus the slack,
        // so admitting it takes both out.
        var small1 = Unjail(Key(1), 0, tip: 5);
        var small2 = Unjail(Key(2), 0, tip: 6);
        var big = Transfer(Key(3), 0, Sink, 5, tip: 50);
        Assert.True(big.Size > small1.Size + 8, "the test needs a transfer bigger than an unjail transaction");
        var pool = Pool(new MempoolOptions { MaxBytes = 2L * small1.Size + 8 });
        pool.Add(small1, Rich, Base);
        pool.Add(small2, Rich, Base);

        pool.Add(big, Rich, Base);
        Assert.False(pool.Contains(small1.Hash));
        Assert.False(pool.Contains(small2.Hash));
        Assert.True(pool.Contains(big.Hash));
        Assert.Equal(big.Size, pool.Bytes);
    }

    [Fact]
    public void Full_pool_by_bytes_refuses_when_the_cheaper_transactions_do_not_make_enough_room_and_keeps_them()
    {
        var cheap = Unjail(Key(1), 0, tip: 5);
        var dear = Unjail(Key(2), 0, tip: 80);
        var big = Transfer(Key(3), 0, Sink, 5, tip: 50);
        var pool = Pool(new MempoolOptions { MaxBytes = 2L * cheap.Size + 8 });
        pool.Add(cheap, Rich, Base);
        pool.Add(dear, Rich, Base);

        // Evicting the cheap one is not enough and the dear one pays more than the newcomer: nothing may be lost.
        Assert.Equal(TxRejectReason.MempoolFull, Rejected(pool, big));
        Assert.True(pool.Contains(cheap.Hash));
        Assert.True(pool.Contains(dear.Hash));
        Assert.Equal(cheap.Size + dear.Size, pool.Bytes);
    }

    [Fact]
    public void Replacement_that_would_strand_later_nonces_is_refused()
    {
        var first = Transfer(Key(1), 0, Sink, 5, maxFee: 2_000, tip: 100);
        var second = Transfer(Key(1), 1, Sink, 5, maxFee: 2_000, tip: 100);
        var account = new Account(Cost(first) + Cost(second), 0);
        var pool = Pool();
        pool.Add(first, account, Base);
        pool.Add(second, account, Base);

        // Affordable on its own, but together with nonce 1 it overdraws the account.
        var pricier = Transfer(Key(1), 0, Sink, 500, maxFee: 2_200, tip: 110);
        Assert.True(Cost(pricier) <= account.Balance);
        Assert.Equal(TxRejectReason.InsufficientBalance, Rejected(pool, pricier, account));
        Assert.True(pool.Contains(first.Hash));
        Assert.True(pool.Contains(second.Hash));

        // A replacement that still leaves room for nonce 1 is taken.
        var affordable = Transfer(Key(1), 0, Sink, 5, maxFee: 2_200, tip: 110);
        pool.Add(affordable, account with { Balance = Cost(affordable) + Cost(second) }, Base);
        Assert.True(pool.Contains(affordable.Hash));
        Assert.True(pool.Contains(second.Hash));
    }

    [Fact]
    public void Candidates_by_tip_across_senders_and_by_nonce_within_a_sender()
    {
        var pool = Pool();
        var x0 = Transfer(Key(1), 0, Sink, 5, tip: 15);
        var x1 = Transfer(Key(1), 1, Sink, 5, tip: 50);
        var x2 = Transfer(Key(1), 2, Sink, 5, tip: 1);
        var y0 = Transfer(Key(2), 0, Sink, 5, tip: 20);
        var z0 = Transfer(Key(3), 0, Sink, 5, tip: 10);
        var z1 = Transfer(Key(3), 1, Sink, 5, tip: 100);
        // Added out of nonce order across senders, in nonce order per sender (the pool requires that).
        foreach (var tx in new[] { z0, x0, y0, x1, z1, x2 }) pool.Add(tx, Rich, Base);

        var order = pool.SelectCandidates(Base, ulong.MaxValue, long.MaxValue).Select(t => t.Hash).ToList();
        // y0 (20) beats x0 (15); x0's successor x1 (50) then jumps the queue; z0 (10) unlocks z1 (100); x2 (1) last.
        Assert.Equal(new[] { y0, x0, x1, z0, z1, x2 }.Select(t => t.Hash), order);
    }

    [Fact]
    public void Candidates_respect_the_gas_and_byte_limits()
    {
        var pool = Pool();
        var txs = Enumerable.Range(1, 5).Select(i => Transfer(Key(i), 0, Sink, 5, tip: (ulong)(10 * i))).ToList();
        foreach (var tx in txs) pool.Add(tx, Rich, Base);

        var byGas = pool.SelectCandidates(Base, 2 * TransferPayload.Gas + 1, long.MaxValue);
        Assert.Equal(new[] { txs[4].Hash, txs[3].Hash }, byGas.Select(t => t.Hash));
        var byBytes = pool.SelectCandidates(Base, ulong.MaxValue, 3L * txs[0].Size);
        Assert.Equal(new[] { txs[4].Hash, txs[3].Hash, txs[2].Hash }, byBytes.Select(t => t.Hash));
        Assert.Empty(pool.SelectCandidates(Base, TransferPayload.Gas - 1, long.MaxValue));
    }

    [Fact]
    public void Candidates_skip_senders_priced_out_by_the_base_fee()
    {
        var pool = Pool();
        var cheap = Transfer(Key(1), 0, Sink, 5, maxFee: 1_200, tip: 100);
        var dear = Transfer(Key(2), 0, Sink, 5, maxFee: 5_000, tip: 1);
        pool.Add(cheap, Rich, Base);
        pool.Add(dear, Rich, Base);
        Assert.Equal(2, pool.SelectCandidates(Base, ulong.MaxValue, long.MaxValue).Count);
        // At a base fee of 1 300 the cheap one cannot be included at all.
        Assert.Equal(dear.Hash, Assert.Single(pool.SelectCandidates(1_300, ulong.MaxValue, long.MaxValue)).Hash);
    }

    [Fact]
    public void Prune_drops_included_and_stale_transactions()
    {
        var pool = Pool();
        var x0 = Transfer(Key(1), 0, Sink, 5);
        var x1 = Transfer(Key(1), 1, Sink, 5);
        var x2 = Transfer(Key(1), 2, Sink, 5);
        var y0 = Transfer(Key(2), 0, Sink, 5);
        var z0 = Transfer(Key(3), 0, Sink, 5);
        foreach (var tx in new[] { x0, x1, x2, y0, z0 }) pool.Add(tx, Rich, Base);

        // The block included x0 and y0; x1 was made stale by a transaction that arrived another way (x's nonce is now 2).
        var nonces = new Dictionary<Address, ulong> { [Addr(1)] = 2, [Addr(2)] = 1, [Addr(3)] = 0 };
        pool.Prune([x0, y0], a => new Account(1_000_000_000, nonces[a]));
        Assert.Equal(2, pool.Count);
        Assert.True(pool.Contains(x2.Hash));
        Assert.True(pool.Contains(z0.Hash));
        Assert.Equal(2L * x2.Size, pool.Bytes);
        // The next candidate of sender x is x2, which is now executable.
        Assert.Equal(new[] { x2.Hash, z0.Hash }.OrderBy(h => h), pool.SelectCandidates(Base, ulong.MaxValue, long.MaxValue).Select(t => t.Hash).OrderBy(h => h));
    }

    [Fact]
    public void Remove_drops_one_transaction()
    {
        var pool = Pool();
        var tx = Transfer(Key(1), 0, Sink, 5);
        pool.Add(tx, Rich, Base);
        pool.Remove(tx.Hash);
        pool.Remove(tx.Hash);
        Assert.Equal(0, pool.Count);
        Assert.Equal(0, pool.Bytes);
    }

    [Fact]
    public void Rejections_leave_the_pool_unchanged()
    {
        var pool = Pool();
        pool.Add(Transfer(Key(1), 0, Sink, 5), Rich, Base);
        var before = (pool.Count, pool.Bytes);
        Rejected(pool, WithBadSignature(Transfer(Key(2), 0, Sink, 5)));
        Rejected(pool, Transfer(Key(1), 0, Sink, 5, tip: 11));
        Rejected(pool, Transfer(Key(1), 5, Sink, 5));
        Assert.Equal(before, (pool.Count, pool.Bytes));
    }

    [Fact]
    public void Flipped_signature_bit_really_breaks_verification()
    {
        // Sanity check of the helper used throughout: flipping a signature bit really breaks verification.
        var tx = Transfer(Key(1), 0, Sink, 5);
        Assert.True(Ed25519.Verify(tx.Sender, tx.SigningHash.ToArray(), tx.Signature));
        Assert.False(WithBadSignature(tx).HasValidSignature());
    }
}
