using Lamina.Core;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// A descent whose list L1 derived: the derived block (<see cref="List"/>), the mover's mask over its candidates and
/// the state root the mover says executing them ends at. Together they fix every field of the block's header, so a
/// revealed header is judged field by field (<see cref="Matches"/>), never by its list alone: a header that lists
/// anything but the derived candidates the mask applies is not this block.
/// </summary>
public sealed class DerivedDescent(DerivedList list, bool[] mask, Hash256 finalStateRoot)
{
    public DerivedList List { get; } = list;
    public bool[] Mask { get; } = mask;
    public Hash256 FinalStateRoot { get; } = finalStateRoot;
    public Hash256 MaskedRoot { get; } = list.MaskedRoot(mask);
    public Hash256 AppliedRoot { get; } = list.AppliedRoot(mask);

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
    public ExecutionPoint Final => new(FinalStateRoot, MaskedRoot, (uint)List.Candidates.Count, (uint)List.Candidates.Count, true);

    public bool Matches(L2HeaderPreimage header) =>
        header.Number == List.Number && header.ParentHash == List.ParentHash && header.L1Origin == List.Origin && header.TimestampMs == List.TimestampMs
        && header.NextDeposit == List.NextDeposit && header.NextForced == List.NextForced && header.DelayBufferDeficit == List.DelayBufferDeficit
        && header.TxCount == AppliedCount && header.TxRoot == AppliedRoot
        && header.StateRoot == FinalStateRoot;
}
