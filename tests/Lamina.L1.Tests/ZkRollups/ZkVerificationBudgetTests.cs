using Lamina.L1.Chain;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// The node-wide budget of unpaid verifications (<see cref="ZkAdmissionThrottle"/>): however many funded accounts
/// send bad proofs, a node runs at most a fixed number of verifications that no block has charged yet; the rest are
/// refused before any verification, a charged (included) batch frees its slot, a slot expires after the cooldown,
/// and a sender whose batch L1 accepted is verified outside the budget.
/// </summary>
public sealed class ZkVerificationBudgetTests
{
    private static Core.Hash256 Tx(byte fill) => new([.. Enumerable.Repeat(fill, 32)]);

    [Fact]
    public void At_most_the_budget_of_unpaid_verifications_is_run_node_wide_until_a_block_charges_one_or_the_cooldown_passes()
    {
        var time = ManualTime.AtGenesis();
        var throttle = new ZkAdmissionThrottle(time, maxUnpaid: 3);
        for (byte i = 1; i <= 3; i++) throttle.Check(Addr(i), Tx(i)); // three senders, three verifications
        var refused = Assert.Throws<ZkRollupRejectedException>(() => throttle.Check(Addr(4), Tx(4)));
        Assert.Equal(ZkRollupError.VerificationBudgetExhausted, refused.Error);
        throttle.Check(Addr(2), Tx(2)); // a transaction already holding a slot (gossip, a resend) is not refused
        Assert.Equal(3, throttle.Unpaid);

        throttle.Executed(Addr(1), Tx(1), accepted: false); // included as failed and charged: its slot is free
        throttle.Check(Addr(4), Tx(4));
        Assert.Throws<ZkRollupRejectedException>(() => throttle.Check(Addr(5), Tx(5)));

        time.Now += ZkAdmissionThrottle.Cooldown; // never included (a competing batch took the number): the slots expire
        throttle.Check(Addr(5), Tx(5));
        Assert.Equal(1, throttle.Unpaid);
    }

    [Fact]
    public void A_sender_whose_batch_was_accepted_is_verified_outside_a_full_budget_until_one_of_its_batches_fails()
    {
        var time = ManualTime.AtGenesis();
        var throttle = new ZkAdmissionThrottle(time, maxUnpaid: 2);
        throttle.Check(Addr(1), Tx(1));
        throttle.Executed(Addr(1), Tx(1), accepted: true); // the operator's batch landed
        throttle.Check(Addr(2), Tx(2));
        throttle.Check(Addr(3), Tx(3));
        Assert.Equal(ZkRollupError.VerificationBudgetExhausted, Assert.Throws<ZkRollupRejectedException>(() => throttle.Check(Addr(4), Tx(4))).Error);
        throttle.Check(Addr(1), Tx(10)); // the honest operator is not kept out by fresh accounts' bad proofs
        throttle.Check(Addr(1), Tx(11));
        Assert.Equal(2, throttle.Unpaid);

        throttle.Failed(Addr(1), Tx(11)); // one of its proofs failed: it is back under the budget (and the per-sender rule)
        Assert.Equal(ZkRollupError.FailingBatchPending, Assert.Throws<ZkRollupRejectedException>(() => throttle.Check(Addr(1), Tx(12))).Error);
        throttle.Executed(Addr(1), Tx(11), accepted: false);
        Assert.Equal(ZkRollupError.VerificationBudgetExhausted, Assert.Throws<ZkRollupRejectedException>(() => throttle.Check(Addr(1), Tx(12))).Error);
    }

    [Fact]
    public void On_a_chain_nine_accounts_sending_bad_proofs_get_eight_verified_and_the_ninth_waits_for_a_charged_block()
    {
        var genesis = new ZkKit(register: false).Genesis;
        using var store = new InMemoryStore();
        var time = ManualTime.AtGenesis();
        var chain = new Blockchain(new ChainStore(store), genesis, time, null, L1ModuleRegistry.ForGenesis(genesis, time));
        void Submit(Transaction tx) => chain.SubmitTransaction(TransactionNetworkForm.Decode(TransactionNetworkForm.Encode(tx)));
        void Produce()
        {
            time.Now = time.Now.AddSeconds(1);
            chain.ProduceBlock(ValidatorKey);
        }
        Submit(new ZkRollupTxBuilder(Key(1), ChainId, 0, MaxFee, Tip).Register(Config));
        Produce();
        Submit(new ZkRollupTxBuilder(Key(2), ChainId, 0, MaxFee, Tip).Deposit(Id, A, Alice.PublicKey, 500));
        Submit(Transaction.Create(Key(3), ChainId, 0, MaxFee, Tip, TransferPayload.Gas, new TransferPayload(Addr(9), UInt128.Parse("1000000000000000000"))));
        Produce();
        var deposit = ZkLedger.FindPriority(chain.StateAt(), Id, 0)!.Operation;
        var proven = new ZkBatchProver(Domain, ProofOptions.Default).Prove(new ZkState(), [deposit], 0);
        var honest = ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, 0);
        var module = chain.Modules.Find<ZkRollupsModule>()!;

        // Accounts 2..9 (eight of them, the default budget) each send batch 0 with a root its proof does not reach.
        for (var key = 2; key <= 9; key++)
        {
            var nonce = chain.GetAccount(Addr(key)).Nonce;
            Submit(new ZkRollupTxBuilder(Key(key), ChainId, nonce, MaxFee, Tip).Batch(Id, 0, honest with { NewAccountRoot = Rpo256.Hash([(byte)key]) }, proven.Result.Pubdata, proven.Proof, BlobFeeCap));
        }
        Assert.Equal((8L, ZkAdmissionThrottle.DefaultMaxUnpaid), (module.Verdicts.Verifications, module.Throttle.Unpaid));

        // The ninth account's batch (here the honest one) is refused before any verification.
        var honestTx = new ZkRollupTxBuilder(Key(1), ChainId, 1, MaxFee, Tip).Batch(Id, proven, 0, BlobFeeCap);
        var refused = Assert.Throws<ZkRollupRejectedException>(() => Submit(honestTx));
        Assert.Equal(ZkRollupError.VerificationBudgetExhausted, refused.Error);
        Assert.Equal(8L, module.Verdicts.Verifications);

        // A block includes one failed batch and charges it: a slot is free, the honest batch is verified once and lands.
        Produce();
        Assert.Equal(1UL, ZkLedger.Find(chain.StateAt(), Id)!.RejectedBatches);
        Submit(honestTx);
        Assert.Equal(9L, module.Verdicts.Verifications);
        for (var i = 0; i < 10 && ZkLedger.Find(chain.StateAt(), Id)!.NextBatch == 0; i++) Produce();
        Assert.Equal(proven.Result.State.Accounts.Root, ZkLedger.Find(chain.StateAt(), Id)!.AccountRoot);
    }
}
