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
/// A failed batch's typed reason is consensus state: written in the <see cref="ZkRejectionRecord"/> (reason and the
/// STARK's sub-reason), kept across a restart on RocksDB, and the same on a node that never held the pubdata; only
/// the last <see cref="ZkRollupLimits.RejectionsKept"/> records are kept. Mempool admission verifies a batch once
/// and the proposer reuses the verdict; a failing batch is admitted and charged, and its sender throttled.
/// </summary>
public sealed class ZkRejectionStateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A chain on which rollup <see cref="Id"/> is registered and Alice's deposit waits, with batch 0 proven (a deposit and a withdrawal).</summary>
    private sealed class Setup
    {
        public Setup(Blockchain chain, ManualTime time)
        {
            Chain = chain;
            Time = time;
            Submit(new ZkRollupTxBuilder(Key(1), ChainId, 0, MaxFee, Tip).Register(Config));
            Produce();
            Submit(new ZkRollupTxBuilder(Key(2), ChainId, 0, MaxFee, Tip).Deposit(Id, A, Alice.PublicKey, 500));
            Produce();
            var deposit = ZkLedger.FindPriority(chain.StateAt(), Id, 0)!.Operation;
            Proven = new ZkBatchProver(Domain, ProofOptions.Default).Prove(new ZkState(), [deposit, WithdrawalTx.Create(A, 120, Payee(0xC1), 0, Alice, Domain)], 0);
            Honest = ZkBatchEffects.FromPubdata(Proven.Result.State.Accounts.Root, Proven.Result.Ops, 0);
        }

        public Blockchain Chain { get; set; }
        public ManualTime Time { get; }
        public ZkProvenBatch Proven { get; }
        public ZkBatchEffects Honest { get; }
        public ZkRollupsModule Module => Chain.Modules.Find<ZkRollupsModule>()!;

        /// <summary>Batch 0 with a new root the proof did not reach, signed by L1 key <paramref name="key"/> at <paramref name="nonce"/>.</summary>
        public Transaction WrongRoot(int key, ulong nonce, byte salt = 7)
            => new ZkRollupTxBuilder(Key(key), ChainId, nonce, MaxFee, Tip).Batch(Id, 0, Honest with { NewAccountRoot = Rpo256.Hash([salt]) }, Proven.Result.Pubdata, Proven.Proof, BlobFeeCap);

        public Transaction HonestBatch(int key, ulong nonce) => new ZkRollupTxBuilder(Key(key), ChainId, nonce, MaxFee, Tip).Batch(Id, Proven, 0, BlobFeeCap);

        /// <summary>Submits in network form, as RPC and gossip do (the pubdata travels as the carried blob).</summary>
        public void Submit(Transaction tx) => Chain.SubmitTransaction(TransactionNetworkForm.Decode(TransactionNetworkForm.Encode(tx)));

        public Block Produce()
        {
            Time.Now = Time.Now.AddSeconds(1);
            return Chain.ProduceBlock(ValidatorKey);
        }
    }

    [Fact]
    public void A_failed_batchs_typed_reason_is_in_the_state_and_survives_a_restart()
    {
        var genesis = new ZkKit(register: false).Genesis;
        using var rocks = new RocksChain(_dir.Sub("chain"), genesis);
        var setup = new Setup(rocks.Chain, (ManualTime)rocks.Time);
        var failed = setup.WrongRoot(1, 1);
        setup.Submit(failed);
        Assert.Equal(failed.Hash, Assert.Single(setup.Produce().Transactions).Hash);
        var message = setup.Module.FailureOf(failed.Hash)!;
        Assert.Equal(ZkRollupError.ProofInvalid, message.Reason);
        Assert.NotEqual((ushort)0, message.Detail);

        rocks.Reopen();
        setup.Chain = rocks.Chain;
        // A fresh process: the node-local message is gone, the typed reason is in the state.
        Assert.Null(setup.Module.FailureOf(failed.Hash));
        var rollup = ZkLedger.Find(rocks.Chain.StateAt(), Id)!;
        Assert.Equal((1UL, AccountTree.EmptyRoot), (rollup.RejectedBatches, rollup.AccountRoot));
        var record = ZkLedger.FindRejection(rocks.Chain.StateAt(), Id, 0)!;
        Assert.Equal((failed.Hash, Addr(1), 0UL, rocks.Chain.Height), (record.TxHash, record.Submitter, record.BatchNumber, record.L1Height));
        Assert.Equal((ZkRollupError.ProofInvalid, message.Detail), (record.Reason, record.Detail));
        Assert.Equal(((ProofRejection)message.Detail).ToString(), record.DetailName);

        // The honest batch still lands after the restart.
        setup.Submit(setup.HonestBatch(1, 2));
        setup.Produce();
        Assert.Equal(setup.Proven.Result.State.Accounts.Root, ZkLedger.Find(rocks.Chain.StateAt(), Id)!.AccountRoot);
    }

    [Fact]
    public void Admission_verifies_once_a_failing_batch_is_admitted_and_charged_and_its_sender_throttled()
    {
        var genesis = new ZkKit(register: false).Genesis;
        using var store = new InMemoryStore();
        var time = ManualTime.AtGenesis();
        var chain = new Blockchain(new ChainStore(store), genesis, time, null, L1ModuleRegistry.ForGenesis(genesis, time));
        var setup = new Setup(chain, time);
        var verdicts = setup.Module.Verdicts;

        var first = setup.WrongRoot(1, 1);
        setup.Submit(first);
        Assert.Equal(1L, verdicts.Verifications);
        // Another batch of the same sender is refused before any verification while the failing one waits.
        var again = Assert.Throws<ZkRollupRejectedException>(() => setup.Submit(setup.WrongRoot(1, 2, salt: 8)));
        Assert.Equal(ZkRollupError.FailingBatchPending, again.Error);
        Assert.Equal(1L, verdicts.Verifications);
        var other = setup.WrongRoot(3, 0);
        setup.Submit(other);
        Assert.Equal(2L, verdicts.Verifications);
        Assert.Equal(2, chain.Mempool.Count);

        // One failed batch per block: the second waits in the mempool for the next block instead of being dropped.
        var balances = (chain.GetAccount(Addr(1)).Balance, chain.GetAccount(Addr(3)).Balance);
        Assert.Single(setup.Produce().Transactions);
        Assert.Equal(1, chain.Mempool.Count);
        Assert.Single(setup.Produce().Transactions);
        Assert.Equal(0, chain.Mempool.Count);
        Assert.Equal(2UL, ZkLedger.Find(chain.StateAt(), Id)!.RejectedBatches);
        Assert.True(chain.GetAccount(Addr(1)).Balance < balances.Item1 && chain.GetAccount(Addr(3)).Balance < balances.Item2, "both failed batches were charged");
        Assert.Equal(2L, verdicts.Verifications); // the proposer reused both verdicts
        Assert.Equal(0, setup.Module.Throttle.Count);

        // Executed, the sender may submit again: the honest batch is verified once and lands.
        setup.Submit(setup.HonestBatch(1, 2));
        Assert.Equal(3L, verdicts.Verifications);
        var landed = setup.Produce();
        Assert.Single(landed.Transactions);
        Assert.Equal(3L, verdicts.Verifications);
        Assert.Equal(setup.Proven.Result.State.Accounts.Root, ZkLedger.Find(chain.StateAt(), Id)!.AccountRoot);
        Assert.True(setup.Module.VerifyMicrosOf(landed.Transactions[0].Hash) > 0);

        // A validator that never saw the batch in its mempool verifies it once, when the block executes.
        using var followerStore = new InMemoryStore();
        var follower = new Blockchain(new ChainStore(followerStore), genesis, ManualTime.AtGenesis(), null, L1ModuleRegistry.ForGenesis(genesis));
        for (ulong h = 1; h < chain.Height; h++) follower.ImportBlock(chain.Store.GetBlock(h)!, chain.Store.GetCommit(h)!);
        follower.ImportBlock(landed, chain.Store.GetCommit(chain.Height)!);
        Assert.Equal(chain.StateAt().Root, follower.StateAt().Root);
        Assert.Equal(1L, follower.Modules.Find<ZkRollupsModule>()!.Verdicts.Verifications);
    }

    [Fact]
    public void The_throttle_lifts_after_its_cooldown_if_the_failing_batch_never_lands()
    {
        var time = ManualTime.AtGenesis();
        var throttle = new ZkAdmissionThrottle(time);
        var failing = new Core.Hash256([.. Enumerable.Repeat((byte)1, 32)]);
        var next = new Core.Hash256([.. Enumerable.Repeat((byte)2, 32)]);
        throttle.Failed(Addr(1), failing);
        throttle.Check(Addr(1), failing); // the failing transaction itself (gossip, a resend) is not refused
        throttle.Check(Addr(2), next); // nor anyone else
        Assert.Equal(ZkRollupError.FailingBatchPending, Assert.Throws<ZkRollupRejectedException>(() => throttle.Check(Addr(1), next)).Error);
        time.Now += ZkAdmissionThrottle.Cooldown;
        throttle.Check(Addr(1), next);
        Assert.Equal(0, throttle.Count);
    }

    [Fact]
    public void Only_the_last_rejections_are_kept_in_a_ring_of_slots()
    {
        var kit = new ZkKit();
        kit.Block(kit.Deposit(2, A, Alice, 500));
        var proven = kit.Prove(kit.Pending());
        kit.Block(kit.Submit(proven)); // the queue is empty again, so the rollup does not freeze while batches fail
        // Batch 1 declaring nothing, with bytes that are no pubdata: each fails cheaply (PubdataMalformed), one per block.
        var effects = new ZkBatchEffects(proven.Result.State.Accounts.Root, 0, [], []);
        var total = ZkRollupLimits.RejectionsKept + 2;
        for (ulong i = 0; i < total; i++) kit.Block(kit.Submit(1, effects, [0xFF, (byte)i], proven.Proof));
        Assert.Equal(total, kit.Rollup.RejectedBatches);
        Assert.Equal(2UL, ZkLedger.OldestKeptRejection(kit.Rollup));
        Assert.Null(ZkLedger.FindRejection(kit.State, Id, 0));
        Assert.Null(ZkLedger.FindRejection(kit.State, Id, 1));
        for (var i = 2UL; i < total; i++)
        {
            var record = ZkLedger.FindRejection(kit.State, Id, i)!;
            Assert.Equal((i, ZkRollupError.PubdataMalformed, (ushort)0), (record.Index, record.Reason, record.Detail));
        }
        Assert.Null(ZkLedger.FindRejection(kit.State, Id, total));
    }
}
