using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

public sealed class ExecutionTests
{
    private static readonly UInt128 Funds = UInt128.Parse("1000000000000000000000");
    private static readonly Address Proposer = ValidatorKey.Address;

    /// <summary>A committed state where keys 1..5 hold <see cref="Funds"/> each.</summary>
    private static WorldState FundedState(InMemorySmtNodeStore? nodes = null)
    {
        var state = new WorldState(nodes ?? new InMemorySmtNodeStore(), SparseMerkleTree.EmptyRoot);
        for (var i = 1; i <= 5; i++) state.SetAccount(Addr(i), new Account(Funds, 0));
        state.Commit();
        return state;
    }

    private static UInt128 Supply(WorldState state, IEnumerable<Address> addresses)
    {
        var total = UInt128.Zero;
        foreach (var a in addresses.Distinct()) total += state.GetAccount(a).Balance;
        return total;
    }

    private static IEnumerable<Address> Everyone => Enumerable.Range(0, 7).Select(Addr).Append(Addr(99));

    private static BlockHeader Header(ulong height = 1, ulong baseFee = TestKit.BaseFee) =>
        new(ChainId, height, Hash256.Zero, GenesisTimeMs + height, Proposer, Hash256.Zero, Hash256.Zero, Hash256.Zero, Hash256.Zero, Hash256.Zero, Hash256.Zero, Hash256.Zero, baseFee, 0);

    [Fact]
    public void Transfer_moves_value_burns_the_base_fee_pays_the_tip_and_bumps_the_nonce()
    {
        var state = FundedState();
        var executor = new BlockExecutor(ChainId, Parameters());
        var supplyBefore = Supply(state, Everyone);
        var tx = Transfer(Key(1), 0, Addr(2), 12_345, maxFee: 2_000, tip: 10);

        var receipt = executor.Apply(state, tx, 7, 3, 1_000, Proposer);

        Assert.Equal(new Receipt(tx.Hash, 7, 3, 21_000, 1_010, 21_000 * 1_000, 21_000 * 10), receipt);
        Assert.Equal(new Account(Funds - 12_345 - 21_000 * 1_010, 1), state.GetAccount(Addr(1)));
        Assert.Equal(new Account(Funds + 12_345, 0), state.GetAccount(Addr(2)));
        Assert.Equal(new Account(21_000 * 10, 0), state.GetAccount(Proposer));
        Assert.Equal(supplyBefore - receipt.Burned, Supply(state, Everyone));

        // And it all survives the commit into the tree.
        var root = state.Commit();
        var reread = new WorldState(new InMemorySmtNodeStore(), root);
        Assert.NotEqual(Hash256.Zero, root);
        Assert.Equal(root, state.Root);
        Assert.Equal(supplyBefore - receipt.Burned, Supply(state, Everyone));
        Assert.Throws<MissingTreeNodeException>(() => reread.GetAccount(Addr(1)));
    }

    [Fact]
    public void Tip_is_capped_by_max_fee_minus_base_fee_and_only_gas_used_is_charged()
    {
        var state = FundedState();
        var executor = new BlockExecutor(ChainId, Parameters());
        var tx = Transfer(Key(1), 0, Addr(2), 1, maxFee: 1_005, tip: 10, gasLimit: 100_000);
        var receipt = executor.Apply(state, tx, 1, 0, 1_000, Proposer);
        Assert.Equal(21_000UL, receipt.GasUsed);
        Assert.Equal(1_005UL, receipt.EffectiveGasPrice);
        Assert.Equal((UInt128)21_000 * 5, receipt.Tip);
        Assert.Equal(Funds - 1 - 21_000 * 1_005, state.GetAccount(Addr(1)).Balance);
    }

    [Fact]
    public void Zero_tip_pays_the_proposer_nothing()
    {
        var state = FundedState();
        var executor = new BlockExecutor(ChainId, Parameters());
        var receipt = executor.Apply(state, Transfer(Key(1), 0, Addr(2), 1, maxFee: 1_000, tip: 10), 1, 0, 1_000, Proposer);
        Assert.Equal(UInt128.Zero, receipt.Tip);
        Assert.Equal(Account.Empty, state.GetAccount(Proposer));
    }

    [Fact]
    public void Self_transfer_and_sender_as_proposer_account_correctly()
    {
        var state = FundedState();
        var executor = new BlockExecutor(ChainId, Parameters());
        var supply = Supply(state, Everyone);
        // Key 1 pays itself and is also the proposer: it loses exactly the burn.
        var receipt = executor.Apply(state, Transfer(Key(1), 0, Addr(1), 777), 1, 0, 1_000, Addr(1));
        Assert.Equal(new Account(Funds - receipt.Burned, 1), state.GetAccount(Addr(1)));
        Assert.Equal(supply - receipt.Burned, Supply(state, Everyone));
    }

    [Fact]
    public void Rejected_transactions_leave_the_state_unchanged()
    {
        var state = FundedState();
        var root = state.Root;
        var executor = new BlockExecutor(ChainId, Parameters());
        var poor = Key(6); // unfunded

        void Rejects(TxRejectReason reason, Transaction tx, ulong baseFee = 1_000) =>
            Assert.Equal(reason, Assert.Throws<TransactionRejectedException>(() => executor.Apply(state, tx, 1, 0, baseFee, Proposer)).Reason);

        Rejects(TxRejectReason.NonceGap, Transfer(Key(1), 1, Addr(2), 1));
        Rejects(TxRejectReason.InsufficientBalance, Transfer(poor, 0, Addr(2), 1));
        Rejects(TxRejectReason.InsufficientBalance, Transfer(Key(1), 0, Addr(2), Funds));
        Rejects(TxRejectReason.FeeTooLow, Transfer(Key(1), 0, Addr(2), 1, maxFee: 999, tip: 0));
        Rejects(TxRejectReason.WrongChainId, Transfer(Key(1), 0, Addr(2), 1, chainId: "elsewhere"));
        Rejects(TxRejectReason.GasLimitTooLow, Transfer(Key(1), 0, Addr(2), 1, gasLimit: 20_000));
        Rejects(TxRejectReason.InvalidFeeFields, Transfer(Key(1), 0, Addr(2), 1, maxFee: 1_000, tip: 1_001));
        Rejects(TxRejectReason.Overflow, Transfer(Key(1), 0, Addr(2), UInt128.MaxValue));

        Assert.Equal(root, state.Commit());
        Assert.Equal(new Account(Funds, 0), state.GetAccount(Addr(1)));
        Assert.Equal(Account.Empty, state.GetAccount(Proposer));

        // A used nonce after a successful transfer is NonceTooLow.
        executor.Apply(state, Transfer(Key(1), 0, Addr(2), 1), 1, 0, 1_000, Proposer);
        Rejects(TxRejectReason.NonceTooLow, Transfer(Key(1), 0, Addr(2), 2));
    }

    [Fact]
    public void Block_execution_applies_in_order_and_sums_gas()
    {
        var state = FundedState();
        var supply = Supply(state, Everyone);
        var executor = new BlockExecutor(ChainId, Parameters());
        var txs = new List<Transaction>
        {
            Transfer(Key(1), 0, Addr(2), 100),
            Transfer(Key(1), 1, Addr(3), 200),
            Transfer(Key(2), 0, Addr(1), 50),
        };
        var (receipts, gas) = executor.ExecuteBlock(state, Header(), txs);
        Assert.Equal(3 * 21_000UL, gas);
        Assert.Equal(new uint[] { 0, 1, 2 }, receipts.Select(r => r.Index));
        Assert.Equal(txs.Select(t => t.Hash), receipts.Select(r => r.TxHash));
        Assert.Equal(2UL, state.GetAccount(Addr(1)).Nonce);
        Assert.Equal(1UL, state.GetAccount(Addr(2)).Nonce);
        var burned = receipts.Aggregate(UInt128.Zero, (s, r) => s + r.Burned);
        Assert.Equal(supply - burned, Supply(state, Everyone));
    }

    [Fact]
    public void Block_with_a_bad_signature_is_refused_naming_its_index()
    {
        var state = FundedState();
        var root = state.Root;
        var executor = new BlockExecutor(ChainId, Parameters());
        var txs = Enumerable.Range(0, 10).Select(i => Transfer(Key(1 + i % 5), (ulong)(i / 5), Addr(99), 1)).ToList();
        txs[6] = WithBadSignature(txs[6]);
        var ex = Assert.Throws<InvalidBlockException>(() => executor.ExecuteBlock(state, Header(), txs));
        Assert.Equal(BlockError.BadTransaction, ex.Error);
        Assert.Contains("transaction 6 ", ex.Message);
        Assert.Equal(root, state.Commit());
    }

    [Fact]
    public void Block_with_an_inapplicable_transaction_names_it()
    {
        var executor = new BlockExecutor(ChainId, Parameters());
        var txs = new List<Transaction> { Transfer(Key(1), 0, Addr(2), 1), Transfer(Key(1), 0, Addr(2), 2) };
        var ex = Assert.Throws<InvalidBlockException>(() => executor.ExecuteBlock(FundedState(), Header(), txs));
        Assert.Equal(BlockError.BadTransaction, ex.Error);
        Assert.Contains("transaction 1 ", ex.Message);
        Assert.Contains(txs[1].Hash.ToString(), ex.Message);
    }

    [Fact]
    public void Block_over_the_gas_limit_is_refused()
    {
        var executor = new BlockExecutor(ChainId, Parameters(gasLimit: 50_000));
        var txs = Enumerable.Range(1, 3).Select(i => Transfer(Key(i), 0, Addr(99), 1)).ToList();
        var ex = Assert.Throws<InvalidBlockException>(() => executor.ExecuteBlock(FundedState(), Header(), txs));
        Assert.Equal(BlockError.GasLimitExceeded, ex.Error);
        // Two transfers fit.
        Assert.Equal(42_000UL, executor.ExecuteBlock(FundedState(), Header(), txs.Take(2).ToList()).GasUsed);
    }

    [Fact]
    public void Block_over_the_byte_limit_is_refused()
    {
        var txs = Enumerable.Range(1, 3).Select(i => Transfer(Key(i), 0, Addr(99), 1)).ToList();
        var executor = new BlockExecutor(ChainId, Parameters(maxBlockBytes: 2 * txs[0].Size + 1));
        Assert.Equal(BlockError.SizeLimitExceeded, Assert.Throws<InvalidBlockException>(() => executor.ExecuteBlock(FundedState(), Header(), txs)).Error);
    }

    [Fact]
    public void Empty_block_uses_no_gas_and_changes_nothing()
    {
        var state = FundedState();
        var root = state.Root;
        var (receipts, gas) = new BlockExecutor(ChainId, Parameters()).ExecuteBlock(state, Header(), []);
        Assert.Empty(receipts);
        Assert.Equal(0UL, gas);
        Assert.Equal(root, state.Commit());
    }

    [Fact]
    public void First_bad_signature_is_the_lowest_across_parallel_chunks()
    {
        // 1 000 transactions span several chunks (one per core); the bad ones sit in different chunks.
        var good = Enumerable.Range(0, 1_000).Select(i => Transfer(Key(1 + i % 5), (ulong)i, Addr(99), (UInt128)i)).ToArray();
        Assert.Equal(-1, BlockExecutor.FirstBadSignature(good));
        Assert.Equal(-1, BlockExecutor.FirstBadSignature([]));

        Transaction[] With(params int[] bad)
        {
            var copy = good.ToArray();
            foreach (var i in bad) copy[i] = WithBadSignature(copy[i]);
            return copy;
        }

        Assert.Equal(3, BlockExecutor.FirstBadSignature(With(3, 700)));
        Assert.Equal(3, BlockExecutor.FirstBadSignature(With(700, 3)));
        Assert.Equal(700, BlockExecutor.FirstBadSignature(With(700)));
        Assert.Equal(0, BlockExecutor.FirstBadSignature(With(0, 999)));
        Assert.Equal(999, BlockExecutor.FirstBadSignature(With(999)));
        Assert.Equal(499, BlockExecutor.FirstBadSignature(With(499, 500, 501)));
        Assert.Equal(500, BlockExecutor.FirstBadSignature(With(500, 998)));
        Assert.Equal(0, BlockExecutor.FirstBadSignature([WithBadSignature(good[0])]));
        for (var n = 1; n <= 300; n += 37)
        {
            Assert.Equal(n - 1, BlockExecutor.FirstBadSignature([.. good.Take(n - 1), WithBadSignature(good[n - 1])]));
        }
    }

    [Fact]
    public void Commit_deletes_emptied_accounts_so_roots_match_never_used()
    {
        var nodes = new InMemorySmtNodeStore();
        var state = new WorldState(nodes, SparseMerkleTree.EmptyRoot);
        state.SetAccount(Addr(1), new Account(5, 0));
        var withOne = state.Commit();
        state.SetAccount(Addr(2), new Account(7, 0));
        state.Commit();
        state.SetAccount(Addr(2), Account.Empty);
        Assert.Equal(withOne, state.Commit());
        state.SetAccount(Addr(1), Account.Empty);
        Assert.Equal(SparseMerkleTree.EmptyRoot, state.Commit());
    }
}
