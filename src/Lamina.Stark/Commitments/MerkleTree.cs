using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lamina.Stark.Field;

namespace Lamina.Stark.Commitments;

/// <summary>
/// A binary Merkle tree over a power-of-two number of leaf digests, stored as an implicit heap:
/// node 1 is the root and leaf i is node (leafCount + i).
/// </summary>
public sealed class MerkleTree
{
    /// <summary>Fills output with the digests of leaves [firstLeaf, firstLeaf + output.Length).</summary>
    internal delegate void LeafBlockHasher(int firstLeaf, Span<Digest32> output);

    private readonly Digest32[] _nodes;
    private readonly StarkHasher _hasher;

    /// <summary>Bottom levels that are not stored (0: leaves are stored); they are recomputed when opening.</summary>
    private readonly int _droppedLevels;

    public int LeafCount { get; }
    public Digest32 Root => _nodes[1];

    public MerkleTree(Digest32[] leaves, StarkHasher hasher)
        : this(CheckedLeafCount(leaves.Length), (nodes, offset) => Array.Copy(leaves, 0, nodes, offset, leaves.Length), hasher)
    {
    }

    /// <summary>
    /// A tree whose leaves <paramref name="writeLeaves"/> writes in place (into the node array, from the given offset),
    /// without a leaf array of their own. The nodes come from the prover's pool; <see cref="Release"/> gives them back.
    /// </summary>
    internal MerkleTree(int leafCount, Action<Digest32[], int> writeLeaves, StarkHasher hasher)
    {
        _hasher = hasher;
        LeafCount = CheckedLeafCount(leafCount);
        // Node 0 is never read; every other node is written below, so the pool's stale contents do not matter.
        _nodes = BufferPool<Digest32>.Shared.Rent(2 * LeafCount);
        writeLeaves(_nodes, LeafCount);
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

    private static int CheckedLeafCount(int leafCount)
    {
        if (leafCount < 2 || (leafCount & (leafCount - 1)) != 0)
        {
            throw new ArgumentException("a Merkle tree needs a power-of-two number of leaves, at least two", "leaves");
        }
        return leafCount;
    }

    /// <summary>Gives the node array back to the prover's pool once the proof's openings are made; the tree must not be used afterwards.</summary>
    internal void Release() => BufferPool<Digest32>.Shared.Return(_nodes);

    /// <summary>
    /// A memory-lean tree for very large commitments: only levels at and above <paramref name="droppedLevels"/>
    /// are kept (a 2^d-fold saving). Leaves are produced block by block by <paramref name="hashLeaves"/>;
    /// openings must then supply leaf digests again (<see cref="OpenBatch(ReadOnlySpan{int}, Func{int, Digest32})"/>).
    /// The root equals that of the full tree over the same leaves.
    /// </summary>
    internal MerkleTree(int leafCount, int droppedLevels, LeafBlockHasher hashLeaves, StarkHasher hasher)
    {
        if (leafCount < 2 || (leafCount & (leafCount - 1)) != 0 || droppedLevels < 0 || (leafCount >> droppedLevels) < 2)
        {
            throw new ArgumentException("leaf count must be a power of two leaving at least two stored nodes", nameof(leafCount));
        }
        _hasher = hasher;
        _droppedLevels = droppedLevels;
        LeafCount = leafCount;
        int stored = leafCount >> droppedLevels;
        int block = 1 << droppedLevels;
        _nodes = new Digest32[2 * stored];
        // Each job hashes a run of consecutive blocks and reduces them level by level together, so every
        // reduction step has many messages for the 8-lane hash; the run's roots are consecutive stored nodes.
        int blocksPerJob = Math.Max(1, Math.Min(stored, (1 << 12) / block));
        int jobs = stored / blocksPerJob;
        Parallel.For(0, jobs, job =>
        {
            Digest32[] buffer = new Digest32[blocksPerJob * block];
            int firstBlock = job * blocksPerJob;
            hashLeaves(firstBlock * block, buffer);
            for (int width = buffer.Length; width > blocksPerJob; width /= 2)
            {
                // In place: each batch reads its children before writing parents behind them.
                Span<byte> bytes = MemoryMarshal.AsBytes(buffer.AsSpan(0, width));
                _hasher.HashBatch(StarkHasher.NodeTag, bytes, 2 * Digest32.Length, bytes[..(width / 2 * Digest32.Length)]);
            }
            Array.Copy(buffer, 0, _nodes, stored + firstBlock, blocksPerJob);
        });
        for (int levelStart = stored / 2; levelStart >= 1; levelStart /= 2)
        {
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
    public Digest32[] OpenBatch(ReadOnlySpan<int> sortedLeafIndices) => OpenBatch(sortedLeafIndices, null);

    /// <summary>
    /// Batched opening; for a memory-lean tree, <paramref name="leafAt"/> must return the digest of any leaf
    /// in the 2^d-leaf blocks that contain the opened leaves, so the dropped levels can be recomputed.
    /// </summary>
    internal Digest32[] OpenBatch(ReadOnlySpan<int> sortedLeafIndices, Func<int, Digest32>? leafAt)
    {
        int storedLimit = 2 * (LeafCount >> _droppedLevels);
        Dictionary<int, Digest32>? low = null;
        if (_droppedLevels > 0)
        {
            if (leafAt is null)
            {
                throw new InvalidOperationException("this tree does not store its leaves; supply leafAt");
            }
            // Recompute the dropped levels of every block that holds an opened leaf (lookups only, no iteration).
            low = new Dictionary<int, Digest32>();
            int block = 1 << _droppedLevels;
            int lastBlock = -1;
            foreach (int leaf in sortedLeafIndices)
            {
                int b = leaf >> _droppedLevels;
                if (b == lastBlock)
                {
                    continue;
                }
                lastBlock = b;
                for (int i = 0; i < block; i++)
                {
                    low[LeafCount + b * block + i] = leafAt(b * block + i);
                }
                for (int width = block, first = LeafCount + b * block; width > 2; width /= 2, first /= 2)
                {
                    for (int node = first; node < first + width; node += 2)
                    {
                        low[node >> 1] = _hasher.HashNode(low[node], low[node + 1]);
                    }
                }
            }
        }
        Digest32 NodeAt(int index) => index < storedLimit ? _nodes[index] : low![index];

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
                    proof.Add(NodeAt(sibling));
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
