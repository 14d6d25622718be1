using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// The ZK rollups module through real blocks (<see cref="Blockchain"/>, mempool, proposer): submissions built with
/// <see cref="ZkRollupTxBuilder"/> travel in their network form (proof in the body, pubdata as the carried blob);
/// a failed batch and an honest one are included; a follower imports the blocks without any blob bytes (as block
/// sync past the retention window does) and reaches the same state root, finding the failed batch by the header.
/// </summary>
public sealed class ZkChainTests
{
    [Fact]
    public void A_follower_without_the_pubdata_replays_a_failed_and_an_accepted_batch_to_the_same_root()
    {
        var genesis = new ZkKit(register: false).Genesis;
        var time = ManualTime.AtGenesis();
        using var producerStore = new InMemoryStore();
        using var followerStore = new InMemoryStore();
        var producer = new Blockchain(new ChainStore(producerStore), genesis, time, null, L1ModuleRegistry.ForGenesis(genesis));
        var follower = new Blockchain(new ChainStore(followerStore), genesis, ManualTime.AtGenesis(), null, L1ModuleRegistry.ForGenesis(genesis));
        var operatorTx = new ZkRollupTxBuilder(Key(1), ChainId, 0, MaxFee, Tip);
        var user = new ZkRollupTxBuilder(Key(2), ChainId, 0, MaxFee, Tip);
        Block Produce()
        {
            time.Now = time.Now.AddSeconds(1);
            return producer.ProduceBlock(ValidatorKey);
        }
        void Submit(Transaction tx) => producer.SubmitTransaction(TransactionNetworkForm.Decode(TransactionNetworkForm.Encode(tx)));

        Submit(operatorTx.Register(Config));
        Assert.Single(Produce().Transactions);
        Submit(user.Deposit(Id, A, Alice.PublicKey, 500));
        Assert.Single(Produce().Transactions);

        var l2 = new ZkState();
        var pending = new List<ZkTransaction> { ZkLedger.FindPriority(producer.StateAt(), Id, 0)!.Operation };
        var proven = new ZkBatchProver(Domain, ProofOptions.Default).Prove(l2, [.. pending, WithdrawalTx.Create(A, 120, Payee(0xC1), 0, Alice, Domain)], 0);
        var honest = ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, 0);
        Submit(operatorTx.Batch(Id, 0, honest with { NewAccountRoot = Rpo256.Hash([7]) }, proven.Result.Pubdata, proven.Proof, BlobFeeCap));
        var failedBlock = Produce();
        Assert.Single(failedBlock.Transactions);
        Assert.Equal(1UL, ZkLedger.Find(producer.StateAt(), Id)!.RejectedBatches);

        Submit(operatorTx.Batch(Id, proven, 0, BlobFeeCap));
        Assert.Single(Produce().Transactions);
        var rollup = ZkLedger.Find(producer.StateAt(), Id)!;
        Assert.Equal(proven.Result.State.Accounts.Root, rollup.AccountRoot);
        Assert.Equal((UInt128)120, producer.GetAccount(Payee(0xC1)).Balance);

        for (ulong h = 1; h <= producer.Height; h++)
        {
            var block = Canonical.Decode<Block>(Canonical.Encode(producer.Store.GetBlock(h)!));
            Assert.All(block.Transactions, tx => Assert.False(tx.Payload.CarriedBlob?.HasData ?? false));
            follower.ImportBlock(block, producer.Store.GetCommit(h)!);
        }
        Assert.Equal(producer.StateAt().Root, follower.StateAt().Root);
        // The follower never held the bytes, yet its state holds the same typed reason (found from the header's root);
        // only the message is the producer's alone.
        Assert.Equal(1UL, ZkLedger.Find(follower.StateAt(), Id)!.RejectedBatches);
        Assert.Null(follower.Modules.Find<ZkRollupsModule>()!.FailureOf(failedBlock.Transactions[0].Hash));
        var failure = producer.Modules.Find<ZkRollupsModule>()!.FailureOf(failedBlock.Transactions[0].Hash)!;
        Assert.Equal(ZkRollupError.ProofInvalid, failure.Reason);
        var recorded = ZkLedger.FindRejection(follower.StateAt(), Id, 0)!;
        Assert.Equal((failure.Reason, failure.Detail), (recorded.Reason, recorded.Detail));
        Assert.Equal(ZkLedger.FindRejection(producer.StateAt(), Id, 0), recorded);
    }

    [Fact]
    public void Admission_refuses_with_the_zk_error_what_no_block_could_include()
    {
        var genesis = new ZkKit(register: false).Genesis;
        using var store = new InMemoryStore();
        var chain = new Blockchain(new ChainStore(store), genesis, ManualTime.AtGenesis(), null, L1ModuleRegistry.ForGenesis(genesis));
        var user = new ZkRollupTxBuilder(Key(2), ChainId, 0, MaxFee, Tip);
        ZkRollupError Refused(Transaction tx) => Assert.Throws<ZkRollupRejectedException>(() => chain.SubmitTransaction(tx)).Error;

        Assert.Equal(ZkRollupError.UnknownRollup, Refused(user.Deposit(Id, A, Alice.PublicKey, 5)));
        Assert.Equal(ZkRollupError.InvalidConfig, Refused(new ZkRollupTxBuilder(Key(3), ChainId, 0, MaxFee, Tip).Register(Config with { ExodusDelayBlocks = 0 })));
        Assert.Equal(ZkRollupError.UnknownRollup, Refused(new ZkRollupTxBuilder(Key(4), ChainId, 0, MaxFee, Tip).Refund(Id, 0)));
        Assert.Equal(0, chain.Mempool.Count);
        Assert.Equal(chain.Head.Header.StateRoot, chain.StateAt().Root);
    }
}
