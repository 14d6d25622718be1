using System.Numerics;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Nmt;

/// <summary>
/// A namespaced Merkle tree over a power-of-two number of leaves in non-decreasing namespace order (every row and
/// column of the extended square has 2k leaves). Keeps every level so it can prove ranges and namespaces.
/// </summary>
public sealed class NamespacedMerkleTree
{
    private readonly NmtNode[][] _levels;

    public NamespacedMerkleTree(ReadOnlySpan<NmtNode> leaves)
    {
        if (leaves.Length == 0 || !BitOperations.IsPow2(leaves.Length)) throw new ArgumentException($"leaf count must be a power of two, got {leaves.Length}", nameof(leaves));
        var levels = new List<NmtNode[]> { leaves.ToArray() };
        while (levels[^1].Length > 1)
        {
            var below = levels[^1];
            var level = new NmtNode[below.Length / 2];
            for (var i = 0; i < level.Length; i++) level[i] = NmtHasher.HashNode(below[2 * i], below[(2 * i) + 1]);
            levels.Add(level);
        }
        _levels = [.. levels];
    }

    public int LeafCount => _levels[0].Length;
    public NmtNode Root => _levels[^1][0];
    public NmtNode Leaf(int index) => _levels[0][index];

    /// <summary>The root alone, hashing in place in <paramref name="scratch"/> (at least leaves.Length nodes).</summary>
    public static NmtNode ComputeRoot(ReadOnlySpan<NmtNode> leaves, Span<NmtNode> scratch)
    {
        if (leaves.Length == 0 || !BitOperations.IsPow2(leaves.Length)) throw new ArgumentException($"leaf count must be a power of two, got {leaves.Length}", nameof(leaves));
        leaves.CopyTo(scratch);
        for (var count = leaves.Length; count > 1; count >>= 1)
        {
            for (var i = 0; i < count / 2; i++) scratch[i] = NmtHasher.HashNode(scratch[2 * i], scratch[(2 * i) + 1]);
        }
        return scratch[0];
    }

    /// <summary>Proof that leaves [start, end) are in the tree: the subtrees covering everything else, left to right.</summary>
    public NmtRangeProof ProveRange(int start, int end)
    {
        if (start < 0 || end > LeafCount || start >= end) throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {end}) is not inside {LeafCount} leaves");
        var siblings = new List<NmtNode>();
        Collect(_levels.Length - 1, 0, start, end, siblings);
        return new NmtRangeProof(start, end, siblings);
    }

    private void Collect(int height, int index, int start, int end, List<NmtNode> siblings)
    {
        var lo = index << height;
        var hi = (index + 1) << height;
        if (hi <= start || lo >= end)
        {
            siblings.Add(_levels[height][index]);
            return;
        }
        if (height == 0) return;
        Collect(height - 1, 2 * index, start, end, siblings);
        Collect(height - 1, (2 * index) + 1, start, end, siblings);
    }

    /// <summary>
    /// Proof of everything the tree holds in <paramref name="ns"/>: the range of its leaves if any (completeness:
    /// every subtree left of it ends below ns, every one right of it starts above), or otherwise the leaf where ns
    /// would be, whose namespace is greater, with everything left of it below ns (absence).
    /// </summary>
    public NamespaceProof ProveNamespace(Namespace ns)
    {
        var leaves = _levels[0];
        var start = 0;
        while (start < leaves.Length && leaves[start].Min < ns) start++;
        var end = start;
        while (end < leaves.Length && leaves[end].Min == ns) end++;
        if (end > start) return new NamespaceProof(ns, ProveRange(start, end), null);
        if (start == leaves.Length) return new NamespaceProof(ns, new NmtRangeProof(start, start, []), null);
        return new NamespaceProof(ns, ProveRange(start, start + 1), leaves[start]);
    }
}
