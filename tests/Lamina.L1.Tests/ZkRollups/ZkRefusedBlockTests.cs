using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Proving;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// A follower importing a committed block that holds a failed ZK batch, without its pubdata, finds the failure by
/// executing the block once per candidate failure code. A block it refuses is remembered: offered again (block sync
/// asks every peer each round) it is refused without being executed again, unless it now comes with its blob bytes.
/// </summary>
public sealed class ZkRefusedBlockTests
{
    /// <summary>Counts the blocks this chain executed at each height (its begin-block hook runs once per execution).</summary>
    private sealed class ExecutionCounter(ulong divergeAt = 0) : L1Module
    {
        public Dictionary<ulong, int> Executions { get; } = [];
        public override string Name => "test-execution-counter";

        public override void BeginBlock(WorldState state, in BlockContext block) => Executions[block.Height] = Executions.GetValueOrDefault(block.Height) + 1;

        /// <summary>At height <c>divergeAt</c> writes a record the chain's other nodes do not: its state root differs there.</summary>
        public override void EndBlock(WorldState state, in BlockContext block)
        {
            if (block.Height == divergeAt) state.SetRecord(StateKeys.Module(Name, [1]), new L1TimeRecord(block.Height));
        }
    }

    [Fact]
    public void A_refused_block_is_not_executed_again_and_a_failed_batch_is_found_by_its_candidates()
    {
        var genesis = new ZkKit(register: false).Genesis;
        var time = ManualTime.AtGenesis();
        using var producerStore = new InMemoryStore();
        var producer = new Blockchain(new ChainStore(producerStore), genesis, time, null, L1ModuleRegistry.ForGenesis(genesis));
        var operatorTx = new ZkRollupTxBuilder(Key(1), ChainId, 0, MaxFee, Tip);
        void Produce(Transaction tx)
        {
            producer.SubmitTransaction(TransactionNetworkForm.Decode(TransactionNetworkForm.Encode(tx)));
            time.Now = time.Now.AddSeconds(1);
            Assert.Single(producer.ProduceBlock(ValidatorKey).Transactions);
        }
        Produce(operatorTx.Register(Config));
        // Pubdata that does not decode: included as failed (PubdataMalformed) and charged, no proof needed.
        byte[] garbage = [0xFF, 0xFF, 0xFF];
        Produce(operatorTx.Batch(Id, 0, new ZkBatchEffects(Config.GenesisAccountRoot, 0, [], []), garbage, new ZkBatchProof([], [], []), BlobFeeCap));
        var failedHeight = producer.Height;
        Assert.Equal(ZkRollupError.PubdataMalformed, ZkLedger.FindRejection(producer.StateAt(), Id, 0)!.Reason);
        Block Bare(ulong h) => Canonical.Decode<Block>(Canonical.Encode(producer.Store.GetBlock(h)!));

        // An honest follower without the bytes: more than one execution finds the recorded reason; it matches the producer.
        var honest = new ExecutionCounter();
        var follower = Follower(genesis, honest);
        for (ulong h = 1; h <= producer.Height; h++) follower.ImportBlock(Bare(h), producer.Store.GetCommit(h)!);
        Assert.Equal(producer.StateAt().Root, follower.StateAt().Root);
        Assert.InRange(honest.Executions[failedHeight], 2, 1 + ZkBatchFailure.CandidateCodes.Count);

        // A follower that disagrees at that height refuses the block after trying every candidate, once.
        var diverging = new ExecutionCounter(divergeAt: failedHeight);
        var refuser = Follower(genesis, diverging);
        for (ulong h = 1; h < failedHeight; h++) refuser.ImportBlock(Bare(h), producer.Store.GetCommit(h)!);
        var commit = producer.Store.GetCommit(failedHeight)!;
        var first = Assert.Throws<InvalidBlockException>(() => refuser.ImportBlock(Bare(failedHeight), commit));
        Assert.Equal(BlockError.BadStateRoot, first.Error);
        Assert.True(first.CommittedBlockRefused, "a committed block execution refuses is this node's disagreement, not the serving peer's fault");
        Assert.Equal(1 + ZkBatchFailure.CandidateCodes.Count, diverging.Executions[failedHeight]);
        // Offered again, by any number of peers: refused at once with the same error, never executed again.
        for (var offer = 0; offer < 3; offer++)
        {
            var again = Assert.Throws<InvalidBlockException>(() => refuser.ImportBlock(Bare(failedHeight), commit));
            Assert.Equal(BlockError.BadStateRoot, again.Error);
            Assert.Contains("refused before", again.Message, StringComparison.Ordinal);
            Assert.True(again.CommittedBlockRefused);
        }
        Assert.Equal(1 + ZkBatchFailure.CandidateCodes.Count, diverging.Executions[failedHeight]);
        // With its blob bytes the block is another offer (it may verify with them): executed once, no candidate search.
        var withBytes = Bare(failedHeight);
        new BlobSidecars(failedHeight, withBytes.Hash, [garbage]).AttachTo(withBytes);
        Assert.Equal(BlockError.BadStateRoot, Assert.Throws<InvalidBlockException>(() => refuser.ImportBlock(withBytes, commit)).Error);
        Assert.Equal(2 + ZkBatchFailure.CandidateCodes.Count, diverging.Executions[failedHeight]);
        Assert.Equal(failedHeight - 1, refuser.Height);
    }

    [Fact]
    public void The_memory_of_refused_blocks_is_bounded_oldest_first()
    {
        var refused = new RefusedBlocks(capacity: 2);
        var blocks = new[] { Header(1), Header(2), Header(3) };
        foreach (var block in blocks) refused.Remember(block, new InvalidBlockException(BlockError.BadStateRoot, $"block {block.Height}"));
        Assert.Null(refused.Find(blocks[0]));
        Assert.Equal("block 2", refused.Find(blocks[1])!.Message);
        Assert.Equal("block 3", refused.Find(blocks[2])!.Message);
    }

    private static Blockchain Follower(Genesis.GenesisConfig genesis, L1Module counter) =>
        new(new ChainStore(new InMemoryStore()), genesis, ManualTime.AtGenesis(), null, L1ModuleRegistry.ForGenesis(genesis).With(counter));

    private static Block Header(ulong height)
    {
        var genesis = new ZkKit(register: false).Genesis;
        using var store = new InMemoryStore();
        var chain = new Blockchain(new ChainStore(store), genesis, ManualTime.AtGenesis());
        Block block = null!;
        for (ulong h = 0; h < height; h++) block = chain.ProduceBlock(ValidatorKey);
        return block;
    }
}
