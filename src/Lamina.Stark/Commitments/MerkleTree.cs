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
            int start = levelStart;
            if (start >= 1 << 12)
            {
                // Nodes of one level are independent; results land in fixed slots, so order is irrelevant.
                const int chunk = 1 << 10;
                Parallel.For(0, start / chunk, c =>
                {
                    for (int i = start + c * chunk; i < start + (c + 1) * chunk; i++)
                    {
                        _nodes[i] = _hasher.HashNode(_nodes[2 * i], _nodes[2 * i + 1]);
                    }
                });
            }
            else
            {
                for (int i = start; i < 2 * start; i++)
                {
                    _nodes[i] = _hasher.HashNode(_nodes[2 * i], _nodes[2 * i + 1]);
                }
            }
        }
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
