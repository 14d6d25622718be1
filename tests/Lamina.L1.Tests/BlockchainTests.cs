using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>The chain end to end over a real RocksDB directory (deleted afterwards).</summary>
public sealed class BlockchainTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly UInt128 Funds = UInt128.Parse("1000000000000000000000");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Genesis_initializes_the_store()
    {
        var genesis = MakeGenesis();
        using var node = new RocksChain(_dir.Sub("a"), genesis);
        var chain = node.Chain;
        Assert.Equal(0UL, chain.Height);
        var h = chain.Head.Header;
        Assert.Equal(ChainId, h.ChainId);
        Assert.Equal(genesis.Hash(), h.PreviousHash);
        Assert.Equal(GenesisTimeMs, h.TimeMs);
        Assert.Equal(genesis.Validators.Hash, h.ValidatorSetHash);
        Assert.Equal(TestKit.BaseFee, h.BaseFeePerGas);
        Assert.Equal(TestKit.BaseFee, chain.NextBaseFee); // genesis sits exactly at the gas target
        Assert.Empty(chain.Head.Transactions);
        Assert.Equal(genesis.Hash(), chain.Store.GetGenesisHash());
        Assert.Equal((0UL, chain.Head.Hash), chain.Store.GetHead());
        Assert.Equal(chain.Head.Hash, chain.Store.GetBlock(0)!.Hash);
        Assert.Null(chain.Store.GetCommit(0));
        for (var i = 1; i <= 5; i++) Assert.Equal(new Account(Funds, 0), chain.GetAccount(Addr(i)));
        Assert.Equal(Account.Empty, chain.GetAccount(Addr(6)));
    }

    [Fact]
    public void Produced_block_includes_submitted_transfers_with_receipts_and_index()
    {
        using var node = new RocksChain(_dir.Sub("a"), MakeGenesis());
        var chain = node.Chain;
        var committed = new List<(Block, IReadOnlyList<Receipt>)>();
        chain.BlockCommitted += (b, r) => committed.Add((b, r));

        var t1 = ChainTx.Send(chain, 1, 2, 1_000);
        var t2 = ChainTx.Send(chain, 1, 6, 2_000, tip: 30);
        var t3 = ChainTx.Send(chain, 3, 4, 3_000, tip: 20);
        Assert.Equal(1UL, t2.Nonce);
        Assert.Equal(3, chain.Mempool.Count);

        var block = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(1UL, block.Height);
        Assert.Equal(1UL, chain.Height);
        // Tip order across senders (t3's 20 beats t1's 10), nonce order within one (t1 before t2 despite its lower tip).
        Assert.Equal(new[] { t3.Hash, t1.Hash, t2.Hash }, block.Transactions.Select(t => t.Hash));
        Assert.Equal(3 * TransferPayload.Gas, block.Header.GasUsed);
        Assert.Equal(ValidatorKey.Address, block.Header.Proposer);
        Assert.True(block.Header.TimeMs > GenesisTimeMs);
        block.CheckBodyMatchesHeader();
        Assert.Equal(0, chain.Mempool.Count);

        for (var i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            var receipt = chain.Store.GetReceipt(tx.Hash)!;
            var tip = FeeMarket.EffectiveTip(tx.MaxFeePerGas, tx.MaxPriorityFeePerGas, TestKit.BaseFee);
            Assert.Equal(new Receipt(tx.Hash, 1, (uint)i, TransferPayload.Gas, TestKit.BaseFee + tip, (UInt128)TransferPayload.Gas * TestKit.BaseFee, (UInt128)TransferPayload.Gas * tip), receipt);
            Assert.Equal(new Chain.TxLocation(1, (uint)i, block.Hash), chain.Store.GetTxLocation(tx.Hash));
        }
        var (eventBlock, eventReceipts) = Assert.Single(committed);
        Assert.Equal(block.Hash, eventBlock.Hash);
        Assert.Equal(3, eventReceipts.Count);

        Assert.Equal(new Account(Funds - 1_000 - 21_000 * 1_010 - 2_000 - 21_000 * 1_030, 2), chain.GetAccount(Addr(1)));
        Assert.Equal(new Account(Funds + 1_000, 0), chain.GetAccount(Addr(2)));
        Assert.Equal(new Account(Funds - 3_000 - 21_000 * 1_020, 1), chain.GetAccount(Addr(3)));
        Assert.Equal(new Account(2_000, 0), chain.GetAccount(Addr(6)));
        Assert.Equal((UInt128)21_000 * (10 + 30 + 20), chain.GetAccount(ValidatorKey.Address).Balance);
        // History stays readable: at height 0 nothing had moved.
        Assert.Equal(new Account(Funds, 0), chain.GetAccount(Addr(1), 0));

        // The block's commit is stored and verifies; an included transaction cannot be submitted again.
        chain.Store.GetCommit(1)!.Verify(ChainId, chain.Genesis.Validators, 1, block.Hash);
        Assert.Equal(TxRejectReason.AlreadyKnown, Assert.Throws<TransactionRejectedException>(() => chain.SubmitTransaction(t1)).Reason);
        Assert.Null(chain.Store.GetReceipt(Hash256.Zero));
        Assert.Null(chain.Store.GetTxLocation(Hash256.Zero));
    }

    [Fact]
    public void Only_a_validator_with_quorum_may_produce()
    {
        using var node = new RocksChain(_dir.Sub("a"), MakeGenesis());
        Assert.Throws<InvalidOperationException>(() => node.Chain.ProduceBlock(Key(1)));
        Assert.Equal(0UL, node.Chain.Height);
    }

    [Fact]
    public void Empty_blocks_lower_the_base_fee_and_full_ones_raise_it()
    {
        using var node = new RocksChain(_dir.Sub("a"), MakeGenesis(parameters: Parameters(gasLimit: 84_000)));
        var chain = node.Chain;
        var empty = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(TestKit.BaseFee, empty.Header.BaseFeePerGas);
        Assert.Equal(875UL, chain.NextBaseFee);
        for (var i = 0; i < 4; i++) ChainTx.Send(chain, 1 + i, 6, 1);
        var full = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(875UL, full.Header.BaseFeePerGas);
        Assert.Equal(84_000UL, full.Header.GasUsed);
        Assert.Equal(875UL + 875 / 8, chain.NextBaseFee);
    }

    [Fact]
    public void Reopening_the_store_restores_the_head_and_production_continues()
    {
        var genesis = MakeGenesis();
        using var node = new RocksChain(_dir.Sub("a"), genesis);
        ChainTx.Send(node.Chain, 1, 2, 5);
        node.Chain.ProduceBlock(ValidatorKey);
        ChainTx.Send(node.Chain, 1, 3, 6);
        ChainTx.Send(node.Chain, 2, 3, 7);
        var head = node.Chain.ProduceBlock(ValidatorKey);
        var accounts = Enumerable.Range(0, 7).Select(i => node.Chain.GetAccount(Addr(i))).ToArray();

        node.Reopen();
        var chain = node.Chain;
        Assert.Equal(2UL, chain.Height);
        Assert.Equal(head.Hash, chain.Head.Hash);
        Assert.Equal(head.Header.StateRoot, chain.Head.Header.StateRoot);
        Assert.Equal(accounts, Enumerable.Range(0, 7).Select(i => chain.GetAccount(Addr(i))));
        Assert.Equal(0, chain.Mempool.Count);

        ChainTx.Send(chain, 1, 4, 8);
        var next = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(3UL, next.Height);
        Assert.Equal(head.Hash, next.Header.PreviousHash);
        Assert.Equal(head.Hash, next.LastCommit!.BlockHash);
        Assert.Equal(chain.Store.GetCommit(2)!.Hash, next.Header.LastCommitHash);
        Assert.Equal(3UL, chain.GetAccount(Addr(1)).Nonce);

        node.Reopen();
        Assert.Equal(3UL, node.Chain.Height);
        Assert.Equal(next.Hash, node.Chain.Head.Hash);
        Assert.Equal(next.Header.StateRoot, node.Chain.StateAt().Root);
    }

    [Fact]
    public void Reopening_with_another_genesis_is_refused()
    {
        var path = _dir.Sub("a");
        using (var node = new RocksChain(path, MakeGenesis()))
        {
            node.Chain.ProduceBlock(ValidatorKey);
        }
        var other = MakeGenesis(funded: 4);
        var ex = Assert.Throws<GenesisException>(() => new RocksChain(path, other));
        Assert.Contains(other.Hash().ToString(), ex.Message);
        Assert.Throws<GenesisException>(() => new RocksChain(path, MakeGenesis(chainId: "lamina-other")));
        // The refusal wrote nothing: the right genesis still opens the same chain.
        using var again = new RocksChain(path, MakeGenesis());
        Assert.Equal(1UL, again.Chain.Height);
    }

    [Fact]
    public void Account_proofs_verify_against_historical_state_roots()
    {
        using var node = new RocksChain(_dir.Sub("a"), MakeGenesis());
        var chain = node.Chain;
        for (var round = 0; round < 4; round++)
        {
            ChainTx.Send(chain, 1 + round % 5, 6, (UInt128)(round + 1) * 1_000);
            ChainTx.Send(chain, 2 + round % 4, 1, 77);
            chain.ProduceBlock(ValidatorKey);
        }
        var never = Addr(42);
        for (ulong h = 0; h <= chain.Height; h++)
        {
            var header = chain.Store.GetBlock(h)!.Header;
            var state = chain.StateAt(h);
            Assert.Equal(header.StateRoot, state.Root);
            foreach (var address in Enumerable.Range(0, 7).Select(Addr))
            {
                var account = chain.GetAccount(address, h);
                var proof = state.ProveAccount(address);
                if (account.IsEmpty)
                {
                    proof.Verify(header.StateRoot, StateKeys.Account(address), [], present: false);
                    continue;
                }
                var encoded = Canonical.Encode(account);
                proof.Verify(header.StateRoot, StateKeys.Account(address), encoded, present: true);
                // A proof survives its own encoding.
                Canonical.Decode<SmtProof>(Canonical.Encode(proof)).Verify(header.StateRoot, StateKeys.Account(address), encoded, present: true);
                // And does not prove a different balance.
                var lie = Canonical.Encode(account with { Balance = account.Balance + 1 });
                Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(header.StateRoot, StateKeys.Account(address), lie, present: true));
            }
            state.ProveAccount(never).Verify(header.StateRoot, StateKeys.Account(never), [], present: false);
        }

        // A proof of key 1's old balance fails against the newest root, where that balance changed.
        var old = chain.StateAt(1).ProveAccount(Addr(1));
        var oldEncoded = Canonical.Encode(chain.GetAccount(Addr(1), 1));
        Assert.Throws<InvalidMerkleProofException>(() => old.Verify(chain.Head.Header.StateRoot, StateKeys.Account(Addr(1)), oldEncoded, present: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => chain.StateAt(chain.Height + 1));
    }

    [Fact]
    public void Transactions_that_no_longer_apply_are_dropped_when_building()
    {
        // Key 6 gets just enough for one transfer, submits it, and the same nonce cannot be double-spent through
        // a replacement; the block carries exactly one.
        using var node = new RocksChain(_dir.Sub("a"), MakeGenesis());
        var chain = node.Chain;
        ChainTx.Send(chain, 1, 6, (UInt128)21_000 * 5_000 + 10);
        chain.ProduceBlock(ValidatorKey);
        var spend = Transfer(Key(6), 0, Addr(2), 10, maxFee: 5_000);
        chain.SubmitTransaction(spend);
        Assert.Equal(TxRejectReason.InsufficientBalance, Assert.Throws<TransactionRejectedException>(() => chain.SubmitTransaction(Transfer(Key(6), 1, Addr(2), 1, maxFee: 5_000))).Reason);
        var block = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(spend.Hash, Assert.Single(block.Transactions).Hash);
        Assert.Equal(1UL, chain.GetAccount(Addr(6)).Nonce);
    }
}
