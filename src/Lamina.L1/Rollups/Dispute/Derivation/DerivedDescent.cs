using Lamina.Core;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// A descent whose list L1 derived: the derived block (<see cref="Result"/>: its header fields, source and the roots
/// the mask makes), the mover's mask over its candidates and the state root the mover says executing them ends at.
/// Together they fix every field of the block's header, so a revealed header is judged field by field
/// (<see cref="Matches"/>), never by its list alone: a header that lists anything but the derived candidates the mask
/// applies is not this block. <see cref="List"/> holds the candidates themselves when this party derived them; L1
/// replaying its stored result (<see cref="DisputeGameRecord.Replay"/>) has only the result, which is all it judges by.
/// </summary>
public sealed class DerivedDescent
{
    /// <summary>A descent over a list derived here: its result is computed from it (two Merkle roots over its candidates).</summary>
    public DerivedDescent(DerivedList list, bool[] mask, Hash256 finalStateRoot) : this(DerivedResult.Of(list, mask), mask, finalStateRoot) => List = list;

    /// <summary>A descent replayed from L1's stored result: no candidates.</summary>
    public DerivedDescent(DerivedResult result, bool[] mask, Hash256 finalStateRoot)
    {
        Result = result;
        Mask = mask;
        FinalStateRoot = finalStateRoot;
    }

    public DerivedResult Result { get; }

    /// <summary>The derived list with its candidates, or null where the descent was replayed from L1's stored result.</summary>
    public DerivedList? List { get; }

    public bool[] Mask { get; }
    public Hash256 FinalStateRoot { get; }
    public Hash256 MaskedRoot => Result.MaskedRoot;
    public Hash256 AppliedRoot => Result.AppliedRoot;

    public uint AppliedCount
    {
        get
        {
            uint count = 0;
            foreach (var bit in Mask) if (bit) count++;
            return count;
        }
    }

    /// <summary>Where the execution subgame's root claim says the masked list ends: every verdict as the mask says.</summary>
    public ExecutionPoint Final => new(FinalStateRoot, MaskedRoot, Result.CandidateCount, Result.CandidateCount, true);

    public bool Matches(L2HeaderPreimage header) =>
        header.Number == Result.Number && header.ParentHash == Result.ParentHash && header.L1Origin == Result.Origin && header.TimestampMs == Result.TimestampMs
        && header.NextDeposit == Result.NextDeposit && header.NextForced == Result.NextForced && header.DelayBufferDeficit == Result.DelayBufferDeficit
        && header.TxCount == AppliedCount && header.TxRoot == AppliedRoot
        && header.StateRoot == FinalStateRoot;
}
