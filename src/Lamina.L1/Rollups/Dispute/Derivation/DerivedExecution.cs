using Lamina.Core;
using Lamina.Core.Merkle;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// One party's execution of a block's derived candidates: the state before them, per candidate whether the rules
/// applied it and the state after it (unchanged when dropped), and the one-step witness of each candidate at the
/// state before it. From it the party computes the trace point of any masked list over the same candidates (a mask
/// that departs from the truth freezes the point there, as L1's step does) and the step proof from any such point.
/// </summary>
public sealed class DerivedExecution(IReadOnlyList<byte[]> candidates, Hash256 preState, IReadOnlyList<bool> applied, IReadOnlyList<Hash256> statesAfter, Func<int, byte[]> witnessAt)
{
    public IReadOnlyList<byte[]> Candidates => candidates;

    public Hash256 PreState => preState;

    /// <summary>The state after each candidate (unchanged where it was dropped).</summary>
    public IReadOnlyList<Hash256> StatesAfter => statesAfter;

    /// <summary>The applied flag of each candidate under the rules, as this party executed them.</summary>
    public IReadOnlyList<bool> Applied => applied;

    /// <summary>The one-step witness of candidate <paramref name="index"/> at the state before it (a party that claims other states reuses them).</summary>
    public byte[] WitnessAt(int index) => witnessAt(index);

    public bool[] TrueMask()
    {
        var mask = new bool[applied.Count];
        for (var i = 0; i < mask.Length; i++) mask[i] = applied[i];
        return mask;
    }

    public Hash256 FinalState => statesAfter.Count == 0 ? preState : statesAfter[^1];

    /// <summary>
    /// Whether <paramref name="descent"/> plays over the same candidates as this execution: compared one by one with
    /// the list it derived, or (replayed from L1's stored result, without candidates) by the masked root it commits to.
    /// </summary>
    public bool Covers(DerivedDescent descent)
    {
        if (descent.Result.CandidateCount != (uint)candidates.Count) return false;
        if (descent.List is not { } list) return DerivedList.MaskedRootOf(candidates, descent.Mask) == descent.MaskedRoot;
        for (var i = 0; i < candidates.Count; i++)
            if (!list.Candidates[i].AsSpan().SequenceEqual(candidates[i])) return false;
        return true;
    }

    /// <summary>The true point at <paramref name="traceIndex"/> of <paramref name="descent"/>'s masked list.</summary>
    public ExecutionPoint PointAt(DerivedDescent descent, ulong traceIndex)
    {
        var count = (uint)candidates.Count;
        var cursor = (uint)Math.Min(traceIndex + 1, count);
        var state = preState;
        var asClaimed = true;
        for (var i = 0; i < cursor && asClaimed; i++)
        {
            if (descent.Mask[i] == applied[i]) state = statesAfter[i];
            else asClaimed = false;
        }
        return new ExecutionPoint(state, descent.MaskedRoot, count, cursor, asClaimed);
    }

    /// <summary>The step from <paramref name="pre"/> (a true point of the descent's list, which this execution <see cref="Covers"/>) to the next point.</summary>
    public StepProof ProofFrom(DerivedDescent descent, ExecutionPoint pre)
    {
        if (pre.Finished || !pre.AllApplied) return StepProof.Identity(pre);
        var cursor = (int)pre.Cursor;
        var leaves = new Hash256[candidates.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = ExecutionStep.LeafHash(DerivedList.MaskedLeafOf(candidates[i], descent.Mask[i]));
        return new StepProof(pre, DerivedList.MaskedLeafOf(candidates[cursor], descent.Mask[cursor]), BinaryMerkleTree.Prove(leaves, cursor), witnessAt(cursor));
    }
}
