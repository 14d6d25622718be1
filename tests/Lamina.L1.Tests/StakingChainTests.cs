using Lamina.Consensus;
using Lamina.Core;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Staking;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.StakingKit;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>
/// Staking through a whole <see cref="Blockchain"/> on <see cref="InMemoryStore"/>: transactions go through the
/// mempool into produced blocks, the validator set follows stake at epoch boundaries, and a second node importing
/// the same blocks agrees on every state root and set.
/// </summary>
public sealed class StakingChainTests : IDisposable
{
    private readonly List<IDisposable> _stores = [];

    /// <summary>
    /// Key 0 is the only genesis validator (power 10, so 1,000 bonded at power unit 100); keys 1..3 are funded.
    /// The staking parameters reach the chain the way an operator sets them: in genesis.json's "staking" object.
    /// </summary>
    private static GenesisConfig StakingGenesis()
    {
        var file = MakeGenesis(funded: 3).ToFile();
        file.Staking = new GenesisStakingEntry
        {
            MinSelfStake = "100",
            PowerUnit = "100",
            UnbondingPeriodBlocks = 30,
            EpochLengthBlocks = 5,
            EvidenceMaxAgeBlocks = 10,
        };
        var json = System.Text.Json.JsonSerializer.Serialize(file, GenesisFile.JsonOptions);
        Assert.Contains("\"epochLengthBlocks\": 5", json);
        return GenesisConfig.Parse(json);
    }

    private Blockchain NewChain(GenesisConfig genesis)
    {
        var store = new InMemoryStore();
        _stores.Add(store);
        return new Blockchain(new ChainStore(store), genesis, ManualTime.AtGenesis());
    }

    public void Dispose()
    {
        foreach (var s in _stores) s.Dispose();
    }

    private static Transaction Submit(Blockchain chain, int key, Func<ulong, Transaction> build)
    {
        var tx = build(chain.Mempool.PendingNonce(Addr(key), chain.GetAccount(Addr(key)).Nonce));
        chain.SubmitTransaction(tx);
        return tx;
    }

    private static Dictionary<Address, ulong> Powers(ValidatorSet set) => set.Validators.ToDictionary(v => v.Address, v => v.Power);

    [Fact]
    public void Genesis_staking_parameters_reach_the_executor_and_genesis_validators_are_bonded()
    {
        var genesis = StakingGenesis();
        var chain = NewChain(genesis);
        Assert.Equal(new StakingParameters(100, 100, 30, 5, 500, 100, 10, 100), genesis.Staking);
        Assert.Same(genesis.Staking, chain.Executor.Staking.Parameters);
        var state = chain.StateAt(0);
        Assert.Equal(new ValidatorRecord(ValidatorKey.PublicKey, 1_000, false, 0, 0), StakingModule.GetValidator(state, ValidatorKey.Address));
        Assert.Equal(genesis.Validators.Hash, StakingModule.GetActiveSet(state)!.Hash);
        Assert.Equal(genesis.Validators.Hash, chain.ValidatorSetFor(1).Hash);
        Assert.Equal(genesis.Validators.Hash, chain.Head.Header.ValidatorSetHash);
    }

    [Fact]
    public void A_new_stake_joins_the_set_at_the_epoch_boundary_and_an_importer_agrees_on_every_root()
    {
        var genesis = StakingGenesis();
        var chain = NewChain(genesis);
        var burned = UInt128.Zero;
        chain.BlockCommitted += (_, receipts) => burned += receipts.Aggregate(UInt128.Zero, (s, r) => s + r.Burned);
        var supply0 = genesis.Balances.Aggregate(UInt128.Zero, (s, b) => s + b.Amount) + 1_000; // + the genesis bond
        var everyone = Enumerable.Range(0, 4).Select(Addr).ToArray();
        var genesisSet = genesis.Validators;

        // Block 1 carries key 1's stake of 300 (power 3): the lone validator keeps 10/13 > 2/3 and can still finalize.
        var stake = Submit(chain, 1, n => StakeTx(Key(1), n, 300));
        var b1 = chain.ProduceBlock(ValidatorKey);
        Assert.Equal([stake.Hash], b1.Transactions.Select(t => t.Hash));
        Assert.Equal(new ValidatorRecord(Key(1).PublicKey, 300, false, 0, 0), StakingModule.GetValidator(chain.StateAt(), Addr(1)));
        Assert.Equal(Funds - 300 - Fee(StakePayload.Gas), chain.GetAccount(Addr(1)).Balance);

        // Stake does not move the set before the boundary: blocks 2..5 are still signed by the genesis set.
        for (ulong h = 2; h <= 5; h++)
        {
            Assert.Equal(genesisSet.Hash, chain.ValidatorSetFor(h).Hash);
            var block = chain.ProduceBlock(ValidatorKey);
            Assert.Equal(genesisSet.Hash, block.Header.ValidatorSetHash);
        }

        // Block 5 ended an epoch: block 6 is signed by both, with power = stake / powerUnit.
        var next = chain.ValidatorSetFor(6);
        Assert.Equal(new Dictionary<Address, ulong> { [ValidatorKey.Address] = 10, [Addr(1)] = 3 }, Powers(next));
        Assert.Equal(Key(1).PublicKey, next.Find(Addr(1))!.PublicKey);
        var b6 = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(next.Hash, b6.Header.ValidatorSetHash);
        Assert.NotEqual(genesisSet.Hash, b6.Header.ValidatorSetHash);

        // Key 2 bonds 5,000 (power 50) in block 7; at the next boundary (10) the lone signer's 10 of 63 is no quorum.
        Submit(chain, 2, n => StakeTx(Key(2), n, 5_000));
        for (ulong h = 7; h <= 10; h++)
        {
            var block = chain.ProduceBlock(ValidatorKey);
            Assert.Equal(next.Hash, block.Header.ValidatorSetHash);
        }
        var big = chain.ValidatorSetFor(11);
        Assert.Equal(new Dictionary<Address, ulong> { [ValidatorKey.Address] = 10, [Addr(1)] = 3, [Addr(2)] = 50 }, Powers(big));
        var head = chain.Head;
        // Documented behaviour: one validator without 2/3 of the power cannot finalize alone; blocks now need consensus.
        var refused = Assert.Throws<InvalidOperationException>(() => chain.ProduceBlock(ValidatorKey));
        Assert.Contains("quorum", refused.Message);
        Assert.Same(head, chain.Head);
        Assert.Equal(10UL, chain.Height);
        // And a key outside the set is told so.
        Assert.Throws<InvalidOperationException>(() => chain.ProduceBlock(Key(3)));

        // Nothing was created or lost: balances + stake + burned fees = genesis balances + genesis bond.
        Assert.Equal(supply0, Supply(chain.StateAt(), everyone) + burned);

        // Every header's set hash is the set ValidatorSetFor reports for its height.
        for (ulong h = 1; h <= 10; h++) Assert.Equal(chain.ValidatorSetFor(h).Hash, chain.Store.GetBlock(h)!.Header.ValidatorSetHash);

        // A second node importing the same blocks with their commits reaches the same roots and sets across both changes.
        var importer = NewChain(StakingGenesis());
        Assert.Equal(chain.Store.GetBlock(0)!.Hash, importer.Head.Hash);
        for (ulong h = 1; h <= 10; h++)
        {
            var block = chain.Store.GetBlock(h)!;
            importer.ImportBlock(block, chain.Store.GetCommit(h)!);
            Assert.Equal(block.Header.StateRoot, importer.Head.Header.StateRoot);
            Assert.Equal(chain.ValidatorSetFor(h + 1).Hash, importer.ValidatorSetFor(h + 1).Hash);
        }
        Assert.Equal(chain.Head.Hash, importer.Head.Hash);
        Assert.Equal(StakingModule.GetValidator(chain.StateAt(), Addr(2)), StakingModule.GetValidator(importer.StateAt(), Addr(2)));
    }

    [Fact]
    public void Unstake_and_withdraw_run_through_blocks_and_an_early_withdraw_is_dropped_not_included()
    {
        var chain = NewChain(StakingGenesis());
        Submit(chain, 1, n => StakeTx(Key(1), n, 300));
        chain.ProduceBlock(ValidatorKey);                                   // 1
        Submit(chain, 1, n => UnstakeTx(Key(1), n, 300));
        chain.ProduceBlock(ValidatorKey);                                   // 2: releases at 32
        Assert.Equal([new UnbondingEntry(300, 32)], Queue(chain.StateAt(), Addr(1)).Entries);
        Assert.Equal(UInt128.Zero, StakingModule.GetValidator(chain.StateAt(), Addr(1))!.Value.Stake);

        // The mempool cannot know the entry is immature; the block builder drops it and nothing is charged.
        var early = Submit(chain, 1, n => WithdrawTx(Key(1), n));
        var nonce = chain.GetAccount(Addr(1)).Nonce;
        var b3 = chain.ProduceBlock(ValidatorKey);
        Assert.Empty(b3.Transactions);
        Assert.False(chain.Mempool.Contains(early.Hash));
        Assert.Equal(nonce, chain.GetAccount(Addr(1)).Nonce);

        // Unbonded before the epoch: the set never changed.
        while (chain.Height < 31) chain.ProduceBlock(ValidatorKey);
        Assert.Equal(chain.Genesis.Validators.Hash, chain.ValidatorSetFor(32).Hash);

        var balance = chain.GetAccount(Addr(1)).Balance;
        var withdraw = Submit(chain, 1, n => WithdrawTx(Key(1), n));
        var b32 = chain.ProduceBlock(ValidatorKey);
        Assert.Equal(32UL, b32.Height);
        Assert.Equal([withdraw.Hash], b32.Transactions.Select(t => t.Hash));
        var receipt = chain.Store.GetReceipt(withdraw.Hash)!;
        Assert.Equal(WithdrawUnbondedPayload.Gas, receipt.GasUsed);
        Assert.Equal(balance + 300 - receipt.Burned - receipt.Tip, chain.GetAccount(Addr(1)).Balance);
        Assert.Empty(Queue(chain.StateAt(), Addr(1)).Entries);
    }
}
