using Lamina.Core;
using Lamina.Core.Merkle;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// One L2 block as L1 derived it from the parent header, its own queues and the batch blobs: every header field that
/// does not depend on execution, and the candidate list (deposits, forced, sequenced, as one-step encodings) that
/// execution applies or drops. <see cref="Source"/> orders derivations of the same block by where derivation met
/// them on L1: it takes the first.
/// </summary>
public sealed record DerivedList(ulong Number, Hash256 ParentHash, ulong Origin, ulong TimestampMs, ulong NextDeposit, ulong NextForced,
    IReadOnlyList<byte[]> Candidates, DerivationSource Source)
{
    /// <summary>The delay buffer's deficit after the block (the header field; 0 = full).</summary>
    public ulong DelayBufferDeficit { get; init; }

    /// <summary>The list the execution subgame plays: each leaf is the mask bit ‖ the candidate's one-step encoding.</summary>
    public Hash256 MaskedRoot(bool[] mask) => MaskedRootOf(Candidates, mask);

    public byte[] MaskedLeaf(int index, bool applied) => MaskedLeafOf(Candidates[index], applied);

    /// <summary>The masked list's root over any party's copy of the candidates (a challenger's own execution).</summary>
    public static Hash256 MaskedRootOf(IReadOnlyList<byte[]> candidates, bool[] mask)
    {
        var leaves = new Hash256[candidates.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = ExecutionStep.LeafHash(MaskedLeafOf(candidates[i], mask[i]));
        return BinaryMerkleTree.Root(leaves);
    }

    public static byte[] MaskedLeafOf(byte[] candidate, bool applied)
    {
        var leaf = new byte[1 + candidate.Length];
        leaf[0] = applied ? (byte)1 : (byte)0;
        candidate.CopyTo(leaf, 1);
        return leaf;
    }

    /// <summary>The header's tx root for the candidates the mask applies: L2's tx root over the one-step encodings.</summary>
    public Hash256 AppliedRoot(bool[] mask)
    {
        var leaves = new List<Hash256>(Candidates.Count);
        for (var i = 0; i < Candidates.Count; i++) if (mask[i]) leaves.Add(ExecutionStep.LeafHash(Candidates[i]));
        return BinaryMerkleTree.Root(leaves.ToArray());
    }
}
