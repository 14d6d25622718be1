using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>The one-step leaf: L1's next point equals the state machine's, and the proofs it refuses are typed.</summary>
public sealed class ExecutionStepTests
{
    private static readonly DisputeKit Kit = DisputeKit.Block(8, rejectAt: 5, seed: 11);

    [Fact]
    public void Every_step_reproduces_the_state_machine_including_the_rejected_transaction()
    {
        var sawRejection = false;
        for (var c = 0; c < Kit.Transactions.Count; c++)
        {
            var next = ExecutionStep.Next(StepProof.Decode(Kit.ProofFrom(Kit.Points[c]).Encode()), DisputeKit.Context);
            Assert.Equal(Kit.Points[c + 1], next);
            sawRejection |= Kit.Points[c].AllApplied && !next.AllApplied;
        }
        Assert.True(sawRejection, "the block must contain the overdraft the rules reject");
        Assert.Equal(Kit.Final, ExecutionStep.Next(StepProof.Identity(Kit.Final), DisputeKit.Context));
    }

    [Fact]
    public void A_block_recording_a_rejected_transaction_has_the_honest_roots_and_is_still_caught()
    {
        // The rejected transfer leaves the root unchanged: a lying block that records it as applied has exactly the
        // honest state roots. Only the applied flag differs, and the step computes it.
        var rejected = Enumerable.Range(0, Kit.Transactions.Count).First(c => Kit.Points[c].AllApplied && !Kit.Points[c + 1].AllApplied);
        Assert.Equal(Kit.Points[rejected].StateRoot, Kit.Points[rejected + 1].StateRoot);
        var lie = Kit.Points[rejected + 1] with { AllApplied = true };
        Assert.NotEqual(lie.Commitment, ExecutionStep.Next(Kit.ProofFrom(Kit.Points[rejected]), DisputeKit.Context).Commitment);
    }

    [Fact]
    public void A_step_cannot_choose_its_transaction()
    {
        var pre = Kit.Points[4];
        var proof = Kit.ProofFrom(pre);
        var other = Kit.ProofFrom(Kit.Points[6]);
        var swapped = proof with { Transaction = other.Transaction, TxPath = other.TxPath };
        Assert.Equal(DisputeError.TransactionNotInList, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(swapped, DisputeKit.Context)).Error);
        // Found by the dispute-move fuzz target: a count past int range overflowed instead of being refused.
        var huge = proof with { Pre = pre with { TxCount = uint.MaxValue } };
        Assert.Equal(DisputeError.TransactionNotInList, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(huge, DisputeKit.Context)).Error);
        var shortPath = proof with { TxPath = proof.TxPath.Skip(1).ToArray() };
        Assert.Equal(DisputeError.TransactionNotInList, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(shortPath, DisputeKit.Context)).Error);
    }

    [Fact]
    public void A_witness_for_another_state_is_refused()
    {
        var proof = Kit.ProofFrom(Kit.Points[5]);
        var stale = proof with { Witness = Kit.ProofFrom(Kit.Points[5] with { Cursor = 5 }).Witness };
        var wrongRoot = proof with { Pre = proof.Pre with { StateRoot = Kit.Points[2].StateRoot } };
        Assert.Equal(DisputeError.InvalidWitness, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(wrongRoot, DisputeKit.Context)).Error);
        Assert.Equal(DisputeError.InvalidWitness, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(proof with { Witness = [1, 2] }, DisputeKit.Context)).Error);
        Assert.Equal(Kit.Points[6], ExecutionStep.Next(stale, DisputeKit.Context));
    }

    [Fact]
    public void The_rule_context_is_the_games_not_the_provers()
    {
        // The context is a field of the game, not of the proof. Under another rollup id the transfer's signature fails
        // after the first access, so the honest witness no longer fits: the result depends on the context, which is why
        // no prover may choose it.
        var proof = Kit.ProofFrom(Kit.Points[4]);
        var foreign = DisputeKit.Context with { RollupId = DisputeKit.RollupId + 1 };
        Assert.Equal(Kit.Points[5], ExecutionStep.Next(proof, DisputeKit.Context));
        Assert.Equal(DisputeError.InvalidWitness, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(proof, foreign)).Error);
    }

    [Fact]
    public void Tx_list_root_is_the_binary_merkle_root_of_the_encodings()
    {
        var leaves = Kit.Transactions.Select(t => BinaryMerkleTree.HashLeaf(t.Encode())).ToArray();
        Assert.Equal(BinaryMerkleTree.Root(leaves), Kit.Prestate.TxListRoot);
        Assert.NotEqual(Hash256.Zero, Kit.Prestate.TxListRoot);
        Assert.IsType<OneStepTransaction>(OneStepTransaction.Decode(Kit.ProofFrom(Kit.Points[0]).Transaction));
    }
}
