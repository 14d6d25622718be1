using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The leaf of the game: L1 advances an opened execution point by one transaction with the one-step executor of
/// issue 13, under a rule context fixed when the game was created (never chosen by a party), and returns the next
/// point. A point that has finished its list, or already met a rejected transaction, advances its cursor only.
/// </summary>
public static class ExecutionStep
{
    /// <summary>The most transactions a block's list may hold (the L2 chain's block limit, 2^16).</summary>
    public const uint MaxTransactions = 1 << 16;

    private static readonly Hash256[] NoHashes = [];

    /// <summary>The transaction list root of a block's transactions, in the form <see cref="ExecutionPoint.TxListRoot"/> commits to.</summary>
    public static Hash256 TxListRootOf(IReadOnlyList<OneStepTransaction> transactions) => BinaryMerkleTree.Root(LeafHashes(transactions));

    public static Hash256 LeafHash(ReadOnlySpan<byte> oneStepTransaction) => BinaryMerkleTree.HashLeaf(oneStepTransaction);

    public static Hash256[] LeafHashes(IReadOnlyList<OneStepTransaction> transactions)
    {
        if (transactions.Count == 0) return NoHashes;
        var leaves = new Hash256[transactions.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = LeafHash(transactions[i].Encode());
        return leaves;
    }

    /// <summary>
    /// The next point; throws <see cref="InvalidDisputeMoveException"/> when the proof does not let L1 compute one. In a
    /// <paramref name="masked"/> list (a list L1 derived, <see cref="Derivation.DerivedList"/>) each leaf is a mask bit ‖
    /// the transaction: the point stays "as claimed" while the executor's verdict equals the bit, and a dropped
    /// transaction leaves the state as it was, exactly as derivation drops it.
    /// </summary>
    public static ExecutionPoint Next(StepProof proof, in OptimisticRuleContext context, bool masked = false)
    {
        var pre = proof.Pre;
        if (pre.Finished) return pre;
        if (!pre.AllApplied) return pre with { Cursor = checked(pre.Cursor + 1) };
        // A count no block can have is a point no honest party committed to; refuse it before indexing with it.
        if (pre.TxCount > MaxTransactions)
            throw new InvalidDisputeMoveException(DisputeError.TransactionNotInList, $"a list of {pre.TxCount} transactions exceeds the block limit {MaxTransactions}");
        OneStepTransaction transaction;
        OneStepWitness witness;
        var claimedApplied = true;
        var encoded = proof.Transaction.AsSpan();
        if (masked)
        {
            if (encoded.Length == 0 || encoded[0] > 1) throw new InvalidDisputeMoveException(DisputeError.InvalidWitness, "a masked list's leaf starts with its mask bit");
            claimedApplied = encoded[0] == 1;
            encoded = encoded[1..];
        }
        try
        {
            transaction = OneStepTransaction.Decode(encoded);
            witness = OneStepWitness.Decode(proof.Witness);
        }
        catch (CodecException e)
        {
            throw new InvalidDisputeMoveException(DisputeError.InvalidWitness, $"step transaction or witness does not decode: {e.Message}");
        }
        try
        {
            BinaryMerkleTree.Verify(pre.TxListRoot, LeafHash(proof.Transaction), (int)pre.Cursor, (int)pre.TxCount, proof.TxPath);
        }
        catch (InvalidMerkleProofException e)
        {
            throw new InvalidDisputeMoveException(DisputeError.TransactionNotInList, $"transaction {pre.Cursor}: {e.Message}");
        }
        OneStepResult result;
        try
        {
            result = OneStepExecutor.Execute(pre.StateRoot, transaction, witness, context);
        }
        catch (InvalidOneStepWitnessException e)
        {
            throw new InvalidDisputeMoveException(DisputeError.InvalidWitness, e.Message);
        }
        if (!masked) return new ExecutionPoint(result.PostRoot, pre.TxListRoot, pre.TxCount, checked(pre.Cursor + 1), result.Applied);
        var asClaimed = result.Applied == claimedApplied;
        return new ExecutionPoint(asClaimed && result.Applied ? result.PostRoot : pre.StateRoot, pre.TxListRoot, pre.TxCount, checked(pre.Cursor + 1), asClaimed);
    }
}
