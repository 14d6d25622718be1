using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Mempool;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups;

/// <summary>
/// The rollups module through real blocks (<see cref="Blockchain"/>): deposit and a blob, a batch reference to that
/// blob and an output, finalization after the window in L1 time, a withdrawal; a second node imports the stored and
/// decoded blocks and reaches the same state root.
/// </summary>
public sealed class RollupChainTests
{
    private static readonly MempoolOptions BigTransactions = new() { MaxTransactionBytes = Transaction.MaxEncodedSize };

    private static Blockchain Chain(InMemoryStore store, ManualTime time, RollupKit kit)
        => new(new ChainStore(store), kit.Genesis, time, BigTransactions, L1ModuleRegistry.ForGenesis(kit.Genesis));

    [Fact]
    public void A_rollup_round_trip_through_blocks_replays_on_a_follower()
    {
        var kit = new RollupKit(); // only for its genesis and its transaction builders (nonces)
        var l2 = new L2Side();
        var time = ManualTime.AtGenesis();
        using var producerStore = new InMemoryStore();
        using var followerStore = new InMemoryStore();
        var producer = Chain(producerStore, time, kit);
        var follower = Chain(followerStore, ManualTime.AtGenesis(), kit);

        producer.SubmitTransaction(kit.BlobTx(1, RollupKit.RollupNs, 900, 3));
        producer.SubmitTransaction(kit.Deposit(4, Addr(4), 1_000));
        var first = producer.ProduceBlock(ValidatorKey);
        Assert.Equal(2, first.Transactions.Count);

        l2.Credit(Addr(4), 1_000);
        var receipt = l2.Withdraw(Key(4), Addr(6), 250);
        var output = l2.Seal();
        producer.SubmitTransaction(kit.Tx(1, new RollupBatchPayload(RollupKit.Id, 0, [new BlobLocation(1, 0, first.Header.DataRoot)])));
        producer.SubmitTransaction(kit.Output(3, output.L2BlockNumber, output.Root));
        time.Now = time.Now.AddSeconds(1);
        var second = producer.ProduceBlock(ValidatorKey);
        Assert.Equal(2, second.Transactions.Count);

        time.Now = time.Now.AddSeconds(RollupKit.WindowSeconds);
        producer.ProduceBlock(ValidatorKey);
        Assert.Equal(OutputStatus.Finalized, RollupLedger.FindOutput(producer.StateAt(), RollupKit.Id, 1)!.Status);

        var before = producer.GetAccount(Addr(6)).Balance;
        producer.SubmitTransaction(kit.Withdraw(5, 1, receipt, l2.Prove(output, receipt)));
        time.Now = time.Now.AddSeconds(1);
        Assert.Single(producer.ProduceBlock(ValidatorKey).Transactions);
        Assert.Equal(before + 250, producer.GetAccount(Addr(6)).Balance);
        var rollup = RollupLedger.Find(producer.StateAt(), RollupKit.Id)!;
        Assert.Equal((1UL, 1UL, 2UL, (UInt128)750), (rollup.NextDeposit, rollup.NextBatch, rollup.NextOutput, rollup.Escrowed));

        for (ulong h = 1; h <= producer.Height; h++)
        {
            var block = Canonical.Decode<Block>(Canonical.Encode(producer.Store.GetBlock(h)!));
            follower.ImportBlock(block, producer.Store.GetCommit(h)!);
        }
        Assert.Equal(producer.Head.Hash, follower.Head.Hash);
        Assert.Equal(producer.StateAt().Root, follower.StateAt().Root);
    }

    [Fact]
    public void A_proposer_leaves_out_a_batch_reference_to_a_blob_of_its_own_block()
    {
        var kit = new RollupKit();
        using var store = new InMemoryStore();
        var chain = Chain(store, ManualTime.AtGenesis(), kit);
        chain.SubmitTransaction(kit.BlobTx(2, RollupKit.RollupNs, 100, 1));
        // Height 1 is the block being built: its blob is not final yet, so the reference cannot apply there.
        chain.SubmitTransaction(kit.Tx(1, new RollupBatchPayload(RollupKit.Id, 0, [new BlobLocation(1, 0, Core.Hash256.Zero)])));
        var block = chain.ProduceBlock(ValidatorKey);
        Assert.Single(block.Transactions);
        Assert.IsType<L1.Blobs.BlobPayload>(block.Transactions[0].Payload);
        Assert.Equal(0UL, RollupLedger.Find(chain.StateAt(), RollupKit.Id)!.NextBatch);
    }

    [Fact]
    public void Admission_refuses_with_the_rollup_error_what_no_block_could_include()
    {
        var kit = new RollupKit();
        var l2 = new L2Side();
        using var store = new InMemoryStore();
        var chain = Chain(store, ManualTime.AtGenesis(), kit);
        RollupError Refused(Transaction tx) => Assert.Throws<RollupRejectedException>(() => chain.SubmitTransaction(tx)).Error;

        Assert.Equal(RollupError.UnknownRollup, Refused(kit.Tx(2, new RollupDepositPayload(99, Addr(2), 5))));
        Assert.Equal(RollupError.RollupExists, Refused(kit.Tx(2, new RollupRegisterPayload(RollupKit.Config))));
        Assert.Equal(RollupError.NotBatchPoster, Refused(kit.Tx(2, new RollupBatchPayload(RollupKit.Id, 0, [new BlobLocation(0, 0, Core.Hash256.Zero)]))));
        Assert.Equal(RollupError.BondMismatch, Refused(kit.Output(2, 1, Core.Hash256.Zero, RollupKit.Bond + 1)));
        var foreign = L2.Optimistic.OptimisticTransfer.Create(Key(4), RollupKit.L2ChainId + 1, RollupKit.Id, Addr(5), 1, 0, 0);
        Assert.Equal(RollupError.BadForcedSignature, Refused(kit.Tx(2, RollupForceIncludePayload.Transfer(RollupKit.Id, foreign))));
        l2.Credit(Addr(4), 10);
        var receipt = l2.Withdraw(Key(4), Addr(6), 10);
        var output = l2.Seal();
        Assert.Equal(RollupError.UnknownOutput, Refused(kit.Withdraw(5, 1, receipt, l2.Prove(output, receipt))));
        Assert.Equal(RollupError.InvalidWithdrawalProof, Refused(kit.Withdraw(5, 0, receipt, l2.Prove(output, receipt))));
        // Nothing was admitted, and the admission's dry run left the head state as it was.
        Assert.Equal(0, chain.Mempool.Count);
        Assert.Equal(chain.Head.Header.StateRoot, chain.StateAt().Root);
    }

    [Fact]
    public void A_chain_built_without_an_explicit_registry_runs_the_modules_its_genesis_turns_on()
    {
        // What a replay of a node's data directory does (CrashRecoveryTests): it must reach the same genesis root.
        var kit = new RollupKit();
        using var plainStore = new InMemoryStore();
        using var explicitStore = new InMemoryStore();
        var plain = new Blockchain(new ChainStore(plainStore), kit.Genesis, ManualTime.AtGenesis());
        Assert.NotNull(plain.Modules.Find<RollupsModule>());
        Assert.Equal(Chain(explicitStore, ManualTime.AtGenesis(), kit).Head.Hash, plain.Head.Hash);
    }
}
