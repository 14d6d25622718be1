using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.L2.Zk.Air;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Proving;

/// <summary>Batches mixing every operation kind, through the prover and verifier the operator and L1 use.</summary>
public sealed class ZkMixedBatchTests
{
    [Fact]
    public void A_batch_of_every_kind_verifies_and_the_state_rebuilds_from_pubdata()
    {
        ZkState state = FundedWithOperator();
        List<ZkTransaction> txs =
        [
            TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain),
            TransferToNewTx.Create(A, D, Dave.PublicKey, PackedAmount.Pack(100), 1, Alice, Domain),
            new DepositOp(3, B, Bob.PublicKey, 5),
            new DepositOp(4, B, Dave.PublicKey, 5), // another key's slot: consumed, refunded, no leaf change
            WithdrawalTx.Create(D, 30, L1, 0, Dave, Domain),
            ForcedExitOp.Create(5, B, L1, 0, Bob, Domain),
            ForcedExitOp.Create(6, A, L1, 0, Alice, Domain), // stale nonce: consumed without effect
        ];
        ZkProvenBatch batch = Prove(state, txs, batchNumber: 9);
        Assert.Equal(4, batch.Proof.Signers.Count);
        Verify(state, batch);
        Assert.Equal(0UL, batch.Result.State.Accounts.Get(B).Balance);
        ZkState watcher = state.Clone();
        PubdataReplayer.Apply(watcher, PubdataCodec.Decode(batch.Result.Pubdata));
        Assert.Equal(batch.NewStateRoot, watcher.Root);
    }

    [Fact]
    public void A_random_64_operation_batch_of_every_kind_verifies_and_rebuilds_from_pubdata()
    {
        var workload = new ZkWorkload(64, users: 12);
        var txs = Enumerable.Range(0, 64).Select(_ => workload.Next()).ToList();
        Assert.Equal(5, txs.Select(t => t.Kind).Distinct().Count());
        var state = new ZkState();
        ZkProvenBatch batch = Prove(state, txs, batchNumber: 3);
        Assert.Equal(txs.Count(t => t.IsPriority), Verify(state, batch));
        Assert.Equal(workload.State.Root, batch.NewStateRoot);
        ZkState watcher = state.Clone();
        PubdataReplayer.Apply(watcher, PubdataCodec.Decode(batch.Result.Pubdata));
        Assert.Equal(batch.NewStateRoot, watcher.Root);
    }

    [Fact]
    public void A_deposit_only_batch_has_no_signature_proof_and_verifies()
    {
        ZkState state = FundedWithOperator();
        ZkProvenBatch batch = Prove(state, [new DepositOp(3, D, Dave.PublicKey, 77)], 1);
        Assert.Empty(batch.Proof.Signers);
        Assert.IsType<AccountTreeTransitionAir>(ZkBatchAir.For(state.Accounts.Root, batch.Result.State.Accounts.Root,
            ZkBatchStatements.Build(Domain, PubdataCodec.Decode(batch.Result.Pubdata), [], []), 1));
        Verify(state, batch);
        // The deposit's pubdata is bound twice: to L1's queue, and by the proof (even against a queue that matched it).
        foreach (DepositOp other in new[] { new DepositOp(3, D, Dave.PublicKey, 78), new DepositOp(3, D + 1, Dave.PublicKey, 77) })
        {
            PubdataOp forged = PubdataOp.Deposit(other.To, other.Amount, other.Key, true);
            Assert.Equal(ZkBatchRejection.PriorityQueueMismatch, Assert.Throws<InvalidZkBatchException>(() => ZkBatchVerifier.Verify(Domain,
                state.Accounts.Root, batch.Result.State.Accounts.Root, 1, [forged], batch.ConsumedPriorityOps, batch.Proof, minimumSecurityBits: 0)).Reason);
            Assert.Throws<InvalidProofException>(() => ZkBatchVerifier.Verify(Domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 1,
                [forged], [other], batch.Proof, minimumSecurityBits: 0));
        }
    }

    [Fact]
    public void The_operator_cannot_force_exit_a_users_funds_without_the_users_key()
    {
        ZkState state = FundedWithOperator();
        // The operator signs a forced exit of Alice's account to its own L1 address and forces its prover past every check.
        var theft = ForcedExitOp.Create(3, A, L1, 0, Operator, Domain);
        ZkState after = state.Clone();
        after.Accounts.Set(A, new AccountLeaf(Alice.PublicKey, 0, 1));
        PubdataOp[] pubdata = [PubdataOp.ForcedExit(A, 1_000, L1, applied: true)];
        foreach (var claimedKey in new[] { Alice.PublicKey, Operator.PublicKey })
        {
            var witnesses = new[] { new SignerWitness(0, claimedKey, theft.Signature) };
            ZkBatchStatements statements = ZkBatchStatements.Build(Domain, pubdata, witnesses, []);
            Assert.Throws<InvalidProofException>(() => ZkBatchVerifier.Verify(Domain, state.Accounts.Root, after.Accounts.Root, 3, pubdata, [theft],
                Forge(state, after, 3, statements.Updates, statements.Signatures, witnesses), minimumSecurityBits: 0));
        }
    }

    [Fact]
    public void Witnesses_that_do_not_pair_with_the_signed_operations_are_refused()
    {
        ZkState state = FundedWithOperator();
        ZkProvenBatch batch = Prove(state, [WithdrawalTx.Create(A, 1, L1, 0, Alice, Domain)], 2);
        var ops = PubdataCodec.Decode(batch.Result.Pubdata);
        SignerWitness w = batch.Proof.Signers[0];
        Assert.Equal(ProofRejection.ShapeMismatch, Assert.Throws<InvalidProofException>(() => ZkBatchStatements.Build(Domain, ops, [], [])).Reason);
        Assert.Equal(ProofRejection.ShapeMismatch, Assert.Throws<InvalidProofException>(() => ZkBatchStatements.Build(Domain, ops, [w, w], [])).Reason);
        // A proof of the state transition alone (the signature left out) does not stand in for the batch's proof.
        var updates = ZkBatchStatements.Build(Domain, ops, [w], []).Updates;
        var stateOnly = new AccountTreeTransitionAir(state.Accounts.Root, batch.Result.State.Accounts.Root, updates, 2);
        byte[] stark = StarkProver.ProveToBytes(stateOnly, AccountTreeTransitionTrace.Build(state.Accounts, updates).Trace, Fast);
        Assert.Throws<InvalidProofException>(() => ZkBatchVerifier.Verify(Domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 2, ops, [],
            batch.Proof with { Stark = stark }, minimumSecurityBits: 0));
    }
}
