using System.Numerics;
using Lamina.Core.Codec;

namespace Lamina.DataAvailability.Nmt;

/// <summary>
/// Proof that leaves [Start, End) belong to a namespaced Merkle tree: the roots of the maximal subtrees covering the
/// leaves outside the range, in left-to-right order. Encoded as start (u32) ‖ end (u32) ‖ count (u32) ‖ nodes.
/// </summary>
public sealed class NmtRangeProof : ICanonical<NmtRangeProof>
{
    /// <summary>Enough for any range in a tree of 2^20 leaves (two subtrees per level at most).</summary>
    public const int MaxSiblings = 40;

    public NmtRangeProof(int start, int end, IReadOnlyList<NmtNode> siblings)
    {
        if (start < 0 || end < start) throw new ArgumentException($"range [{start}, {end}) is reversed");
        if (siblings.Count > MaxSiblings) throw new ArgumentException($"a range proof has at most {MaxSiblings} siblings");
        Start = start;
        End = end;
        Siblings = siblings;
    }

    public int Start { get; }
    public int End { get; }
    public IReadOnlyList<NmtNode> Siblings { get; }

    /// <summary>
    /// Recomputes the root from the range's leaf nodes. Siblings entirely left of the range go to
    /// <paramref name="left"/>, those right of it to <paramref name="right"/> (for namespace checks).
    /// Throws <see cref="InvalidNmtException"/> when the proof does not fit a tree of <paramref name="leafCount"/>.
    /// </summary>
    public NmtNode ComputeRoot(int leafCount, ReadOnlySpan<NmtNode> leaves, List<NmtNode>? left = null, List<NmtNode>? right = null)
    {
        if (leafCount < 1 || !BitOperations.IsPow2(leafCount)) throw new InvalidNmtException(NmtError.MalformedProof, $"tree size {leafCount} is not a power of two");
        if (Start >= End || End > leafCount) throw new InvalidNmtException(NmtError.MalformedProof, $"range [{Start}, {End}) is not inside {leafCount} leaves");
        if (leaves.Length != End - Start) throw new InvalidNmtException(NmtError.MalformedProof, $"range holds {End - Start} leaves, {leaves.Length} given");
        var next = 0;
        var root = Compute(0, leafCount, leaves, ref next, left, right);
        if (next != Siblings.Count) throw new InvalidNmtException(NmtError.MalformedProof, $"{Siblings.Count - next} siblings left over");
        return root;
    }

    private NmtNode Compute(int lo, int hi, ReadOnlySpan<NmtNode> leaves, ref int next, List<NmtNode>? left, List<NmtNode>? right)
    {
        if (hi <= Start || lo >= End)
        {
            if (next >= Siblings.Count) throw new InvalidNmtException(NmtError.MalformedProof, "too few siblings");
            var sibling = Siblings[next++];
            (hi <= Start ? left : right)?.Add(sibling);
            return sibling;
        }
        if (hi - lo == 1) return leaves[lo - Start];
        var mid = (lo + hi) / 2;
        var l = Compute(lo, mid, leaves, ref next, left, right);
        var r = Compute(mid, hi, leaves, ref next, left, right);
        return NmtHasher.HashNode(l, r);
    }

    /// <summary>Checks that <paramref name="leaves"/> are leaves [Start, End) of the tree with <paramref name="root"/>.</summary>
    public void VerifyInclusion(NmtNode root, int leafCount, ReadOnlySpan<NmtNode> leaves)
    {
        if (ComputeRoot(leafCount, leaves) != root) throw new InvalidNmtException(NmtError.RootMismatch, "the range does not lead to the root");
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU32((uint)Start);
        writer.WriteU32((uint)End);
        writer.WriteCount(Siblings.Count);
        foreach (var sibling in Siblings) sibling.Encode(writer);
    }

    public static NmtRangeProof Decode(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var start = reader.ReadU32("range start");
        var end = reader.ReadU32("range end");
        if (end < start || end > 1u << 20) throw new CodecException(CodecError.InvalidValue, $"range [{start}, {end}) is not a range of a tree of at most 2^20 leaves", at);
        var count = reader.ReadCount(MaxSiblings, NmtNode.Size, "siblings");
        var siblings = new NmtNode[count];
        for (var i = 0; i < count; i++) siblings[i] = NmtNode.Decode(ref reader);
        return new NmtRangeProof((int)start, (int)end, siblings);
    }
}
