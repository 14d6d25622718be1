using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lamina.Stark.Commitments;

/// <summary>
/// A binary Merkle tree over a power-of-two number of leaf digests, stored as an implicit heap:
/// node 1 is the root and leaf i is node (leafCount + i).
/// </summary>
public sealed class MerkleTree
{
    private readonly Digest32[] _nodes;
    private readonly StarkHasher _hasher;

    public int LeafCount { get; }
    public Digest32 Root => _nodes[1];

    public MerkleTree(Digest32[] leaves, StarkHasher hasher)
    {
        if (leaves.Length < 2 || (leaves.Length & (leaves.Length - 1)) != 0)
        {
            throw new ArgumentException("A Merkle tree needs a power-of-two number of leaves, at least two.", nameof(leaves));
        }
        _hasher = hasher;
        LeafCount = leaves.Length;
        _nodes = new Digest32[2 * LeafCount];
        Array.Copy(leaves, 0, _nodes, LeafCount, LeafCount);
        for (int levelStart = LeafCount / 2; levelStart >= 1; levelStart /= 2)
        {
            // Nodes of one level are independent and land in fixed slots, so parallel order is irrelevant.
            // Children of nodes [from, to) are the contiguous pairs [2·from, 2·to).
            int start = levelStart;
            const int chunk = 1 << 10;
            if (start >= 4 * chunk)
            {
                Parallel.For(0, start / chunk, c => HashLevel(start + c * chunk, start + (c + 1) * chunk));
            }
            else
            {
                HashLevel(start, 2 * start);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HashLevel(int from, int to)
    {
        ReadOnlySpan<byte> children = MemoryMarshal.AsBytes(_nodes.AsSpan(2 * from, 2 * (to - from)));
        Span<byte> parents = MemoryMarshal.AsBytes(_nodes.AsSpan(from, to - from));
        _hasher.HashBatch(StarkHasher.NodeTag, children, 2 * Digest32.Length, parents);
    }

    /// <summary>
    /// Opens the given leaves with one batched proof: only the siblings that cannot be recomputed from other
    /// opened leaves are included (Winterfell's BatchMerkleProof idea). Indices must be sorted and distinct.
    /// </summary>
    public Digest32[] OpenBatch(ReadOnlySpan<int> sortedLeafIndices)
    {
        var proof = new List<Digest32>();
        var current = new List<int>(sortedLeafIndices.Length);
        foreach (int i in sortedLeafIndices)
        {
            current.Add(LeafCount + i);
        }
        while (current[0] > 1)
        {
            var next = new List<int>(current.Count);
            for (int k = 0; k < current.Count; k++)
            {
                int node = current[k];
                int sibling = node ^ 1;
                if (k + 1 < current.Count && current[k + 1] == sibling)
                {
                    k++;
                }
                else
                {
                    proof.Add(_nodes[sibling]);
                }
                next.Add(node >> 1);
            }
            current = next;
        }
        return proof.ToArray();
    }

    /// <summary>
    /// Recomputes the root from opened leaves and a batched proof. Returns false if the proof has too few or
    /// too many nodes or the root differs.
    /// </summary>
    public static bool VerifyBatch(
        Digest32 root, int leafCount, ReadOnlySpan<int> sortedLeafIndices, ReadOnlySpan<Digest32> leafDigests,
        ReadOnlySpan<Digest32> proof, StarkHasher hasher)
    {
        if (sortedLeafIndices.Length == 0 || sortedLeafIndices.Length != leafDigests.Length)
        {
            return false;
        }
        var nodes = new List<(int Index, Digest32 Hash)>(sortedLeafIndices.Length);
        for (int k = 0; k < sortedLeafIndices.Length; k++)
        {
            int i = sortedLeafIndices[k];
            if (i < 0 || i >= leafCount || (k > 0 && i <= sortedLeafIndices[k - 1]))
            {
                return false;
            }
            nodes.Add((leafCount + i, leafDigests[k]));
        }
        int used = 0;
        while (nodes[0].Index > 1)
        {
            var next = new List<(int, Digest32)>(nodes.Count);
            for (int k = 0; k < nodes.Count; k++)
            {
                var (node, hash) = nodes[k];
                Digest32 sibling;
                if (k + 1 < nodes.Count && nodes[k + 1].Index == (node ^ 1))
                {
                    sibling = nodes[k + 1].Hash;
                    k++;
                }
                else
                {
                    if (used >= proof.Length)
                    {
                        return false;
                    }
                    sibling = proof[used++];
                }
                next.Add((node >> 1, (node & 1) == 0 ? hasher.HashNode(hash, sibling) : hasher.HashNode(sibling, hash)));
            }
            nodes = next;
        }
        return used == proof.Length && nodes[0].Hash == root;
    }
}
