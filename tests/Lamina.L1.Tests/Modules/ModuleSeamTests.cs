using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Modules;

/// <summary>
/// A module from outside L1 (<see cref="TallyModule"/>) plugs in through the registry alone and runs through real
/// blocks: built by a proposer, stored, decoded and verified by a second node, with its records, hooks, header field
/// and JSON view; its failed writes vanish; chains without it refuse its kind.
/// </summary>
public sealed class ModuleSeamTests
{
    private const ulong Gas = 30_000;

    private static Blockchain Chain(GenesisConfig genesis, InMemoryStore store, TallyModule? tally = null)
        => new(new ChainStore(store), genesis, ManualTime.AtGenesis(), modules: L1ModuleRegistry.Standard(genesis.Staking).With(tally ?? new TallyModule()));

    private static Transaction Tally(int from, ulong nonce, ulong amount)
        => Transaction.Create(Key(from), ChainId, nonce, 2_000, 10, Gas, new TallyPayload(amount));

    [Fact]
    public void A_module_kind_runs_through_build_and_verify_of_real_blocks()
    {
        var genesis = MakeGenesis();
        using var producerStore = new InMemoryStore();
        using var followerStore = new InMemoryStore();
        var producer = Chain(genesis, producerStore);
        var follower = Chain(genesis, followerStore);
        Assert.Equal(producer.Head.Hash, follower.Head.Hash);

        producer.SubmitTransaction(Tally(1, 0, 300));
        producer.SubmitTransaction(Tally(2, 0, 50));
        producer.SubmitTransaction(Transfer(Key(3), 0, Addr(4), 7));
        producer.SubmitTransaction(Tally(1, 1, 200));
        var first = producer.ProduceBlock(ValidatorKey);
        Assert.Equal(4, first.Transactions.Count);
        producer.ProduceBlock(ValidatorKey);

        var state = producer.StateAt();
        Assert.Equal(500UL, TallyModule.Read(state, TallyModule.TallyKey(Addr(1))));
        Assert.Equal(50UL, TallyModule.Read(state, TallyModule.TallyKey(Addr(2))));
        Assert.Equal(550UL, TallyModule.Read(state, TallyModule.TotalKey));
        Assert.Equal(2UL, TallyModule.Read(state, TallyModule.BlocksKey));
        Assert.Null(state.GetRecord<Counter>(TallyModule.OpenKey));
        Assert.Equal(TallyModule.DataRootFor(550), first.Header.DataRoot);
        // Fees and nonces of module transactions are the executor's, as for any kind.
        Assert.Equal(2UL, state.GetAccount(Addr(1)).Nonce);

        for (ulong h = 1; h <= producer.Height; h++)
        {
            // Through the block's bytes, as block sync delivers it: the module's kind decodes via its format.
            var block = Canonical.Decode<Block>(Canonical.Encode(producer.Store.GetBlock(h)!));
            follower.ImportBlock(block, producer.Store.GetCommit(h)!);
        }
        Assert.Equal(producer.Head.Hash, follower.Head.Hash);
        Assert.Equal(producer.Head.Header.StateRoot, follower.StateAt().Root);
        Assert.Equal(550UL, TallyModule.Read(follower.StateAt(), TallyModule.TotalKey));

        var module = Assert.IsType<TallyModule>(follower.Modules.ModuleFor(TallyPayload.KindNumber));
        Assert.Equal("{\"tally\":500}", module.ViewRecords(follower.StateAt(), Addr(1))!.ToJsonString());
        Assert.Null(module.ViewRecords(follower.StateAt(), Addr(5)));
    }

    [Fact]
    public void A_refused_module_transaction_leaves_nothing_behind()
    {
        var genesis = MakeGenesis();
        using var store = new InMemoryStore();
        var chain = Chain(genesis, store, new TallyModule(limit: 100));
        chain.SubmitTransaction(Tally(1, 0, 60));
        chain.ProduceBlock(ValidatorKey);
        var before = chain.StateAt();
        var balance = before.GetAccount(Addr(1)).Balance;

        // Admitted (the mempool knows no state of the module), written by the module, then refused: 60 + 50 > 100.
        var over = Tally(1, 1, 50);
        chain.SubmitTransaction(over);
        var block = chain.ProduceBlock(ValidatorKey);

        Assert.Empty(block.Transactions);
        Assert.False(chain.Mempool.Contains(over.Hash));
        var after = chain.StateAt();
        Assert.Equal(60UL, TallyModule.Read(after, TallyModule.TallyKey(Addr(1))));
        Assert.Equal(60UL, TallyModule.Read(after, TallyModule.TotalKey));
        Assert.Equal(balance, after.GetAccount(Addr(1)).Balance);
        Assert.Equal(1UL, after.GetAccount(Addr(1)).Nonce);
    }

    [Fact]
    public void Verify_mode_refuses_a_block_whose_module_transaction_fails_and_writes_nothing()
    {
        var genesis = MakeGenesis();
        using var laxStore = new InMemoryStore();
        using var strictStore = new InMemoryStore();
        var lax = Chain(genesis, laxStore, new TallyModule(limit: 1_000));
        var strict = Chain(genesis, strictStore, new TallyModule(limit: 100));
        lax.SubmitTransaction(Tally(1, 0, 500));
        var block = lax.ProduceBlock(ValidatorKey);

        var ex = Assert.Throws<InvalidBlockException>(() => strict.ImportBlock(block, lax.Store.GetCommit(1)!));
        Assert.Equal(BlockError.BadTransaction, ex.Error);
        Assert.Contains("may not pass 100", ex.Message);
        Assert.Equal(0UL, strict.Height);
    }

    [Fact]
    public void A_wrong_module_header_field_is_refused()
    {
        var genesis = MakeGenesis();
        using var producerStore = new InMemoryStore();
        using var plainStore = new InMemoryStore();
        var producer = Chain(genesis, producerStore);
        producer.SubmitTransaction(Tally(1, 0, 9));
        var block = producer.BuildBlock(ValidatorKey.Address, null, []).Block;
        var wrong = new Block(block.Header with { DataRoot = TallyModule.DataRootFor(10) }, block.Transactions, null);
        Assert.Equal(BlockError.BadDataRoot, Assert.Throws<InvalidBlockException>(() => producer.ValidateProposal(wrong)).Error);
        Assert.Same(block, producer.ValidateProposal(block).Block);
    }

    [Fact]
    public void A_chain_without_the_module_refuses_its_kind()
    {
        var genesis = MakeGenesis();
        using var withStore = new InMemoryStore();
        using var withoutStore = new InMemoryStore();
        var with = Chain(genesis, withStore);
        var without = new Blockchain(new ChainStore(withoutStore), genesis, ManualTime.AtGenesis());
        var tx = Tally(1, 0, 5);

        Assert.Equal(TxRejectReason.Malformed, Assert.Throws<TransactionRejectedException>(() => without.SubmitTransaction(tx)).Reason);
        with.SubmitTransaction(tx);
        var block = with.ProduceBlock(ValidatorKey);
        // The tally module writes nothing at genesis, so both chains share block 0 and the import reaches execution.
        var ex = Assert.Throws<InvalidBlockException>(() => without.ImportBlock(block, with.Store.GetCommit(1)!));
        Assert.Equal(BlockError.BadTransaction, ex.Error);
        Assert.Contains("not executed on chain", ex.Message);
    }

    [Fact]
    public void The_module_kind_has_its_json_view_and_decodes_canonically()
    {
        _ = new L1ModuleRegistry([new Bank.BankModule(), new Staking.StakingModule(Staking.StakingParameters.Default), new TallyModule()]);
        var tx = Tally(2, 3, 42);
        var format = TxFormats.Of(tx.Payload);
        Assert.Equal("tally", format.Name);
        var json = new System.Text.Json.Nodes.JsonObject();
        format.WriteJson(tx.Payload, json);
        Assert.Equal("{\"amount\":\"42\"}", json.ToJsonString());
        Assert.Equal((UInt128)0, format.ValueAtRisk(tx.Payload));

        var decoded = Transaction.FromBytes(tx.Encoded);
        Assert.Equal(42UL, Assert.IsType<TallyPayload>(decoded.Payload).Amount);
        Assert.Equal(tx.Hash, decoded.Hash);
        // Trailing bytes after the body are still refused by the transaction decoder.
        var padded = tx.Encoded.ToList();
        padded.Insert(padded.Count - 64, 0);
        Assert.Throws<CodecException>(() => Transaction.FromBytes(padded.ToArray()));
        Assert.Equal(TxRejectReason.Malformed, Assert.Throws<TransactionRejectedException>(() => format.CheckStateless(new TallyPayload(0))).Reason);
    }

    [Fact]
    public void Kinds_cannot_clash()
    {
        var clash = Assert.Throws<ArgumentException>(() => L1ModuleRegistry.Standard(Staking.StakingParameters.Default).With(new ClashingModule()));
        Assert.Contains("claimed by both 'bank' and 'clash'", clash.Message);
        Assert.Throws<InvalidOperationException>(() => TxFormats.Register(new ClashingModule().TxKinds[0]));
        Assert.Contains("two modules are named 'staking'", Assert.Throws<ArgumentException>(() => L1ModuleRegistry.Standard(Staking.StakingParameters.Default).With(new Staking.StakingModule(Staking.StakingParameters.Default))).Message);
        Assert.Contains("needs a staking module", Assert.Throws<ArgumentException>(() => new L1ModuleRegistry([new Bank.BankModule()])).Message);
    }

    /// <summary>Claims kind 1, which the bank module owns.</summary>
    private sealed class ClashingModule : L1Module
    {
        public override string Name => "clash";
        public override IReadOnlyList<TxKindFormat> TxKinds => [new FakeTransferFormat()];

        private sealed class FakeTransferFormat : TxKindFormat<TransferPayload>
        {
            public override TxKind Kind => TxKind.Transfer;
            public override string Name => "fake-transfer";
            public override TxPayload DecodeBody(ref CanonicalReader reader) => throw new CodecException(CodecError.UnknownKind, "never", reader.Position);
        }
    }
}
