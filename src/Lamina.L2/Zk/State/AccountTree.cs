using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.State;

/// <summary>
/// The fixed-depth sparse RPO-256 Merkle tree of accounts, addressed by index. A node is
/// Rpo256.Merge(left, right); an untouched subtree has the precomputed digest of a subtree of empty leaves, so only
/// touched paths are stored. Nothing here enumerates a dictionary: roots depend only on the leaves.
/// </summary>
public sealed class AccountTree
{
    /// <summary>2^24 accounts (16.7 M), so an index is 3 bytes of pubdata.</summary>
    public const int Depth = 24;
    public const uint Capacity = 1u << Depth;

    private static readonly RpoDigest[] EmptyDigests = BuildEmptyDigests();

    private readonly Dictionary<uint, AccountLeaf> _leaves = new();
    private readonly Dictionary<(int Level, uint Index), RpoDigest> _nodes = new();

    public RpoDigest Root => Node(Depth, 0);

    /// <summary>Number of non-empty accounts.</summary>
    public int Count => _leaves.Count;

    /// <summary>Digest of an all-empty subtree whose root is at <paramref name="level"/> (0 = leaf).</summary>
    public static RpoDigest EmptySubtree(int level) => EmptyDigests[level];

    public static RpoDigest EmptyRoot => EmptyDigests[Depth];

    public AccountLeaf Get(uint index)
    {
        CheckIndex(index);
        return _leaves.TryGetValue(index, out AccountLeaf leaf) ? leaf : AccountLeaf.Empty;
    }

    public void Set(uint index, AccountLeaf leaf)
    {
        CheckIndex(index);
        if (leaf.IsEmpty)
        {
            if (leaf.Balance != 0 || leaf.Nonce != 0)
            {
                throw new ArgumentException("an account without a key holds nothing", nameof(leaf));
            }
            _leaves.Remove(index);
        }
        else
        {
            _leaves[index] = leaf;
        }
        SetLeafDigest(index, leaf.Digest());
    }

    /// <summary>Writes a leaf digest and hashes its path up to the root.</summary>
    private void SetLeafDigest(uint index, RpoDigest leafDigest)
    {
        CheckIndex(index);
        RpoDigest node = leafDigest;
        uint position = index;
        for (int level = 0; level < Depth; level++)
        {
            SetNode(level, position, node);
            RpoDigest sibling = Node(level, position ^ 1);
            node = (position & 1) == 0 ? Rpo256.Merge(node, sibling) : Rpo256.Merge(sibling, node);
            position >>= 1;
        }
        SetNode(Depth, 0, node);
    }

    /// <summary>
    /// Writes the digests of a leaf's whole path, from the leaf digest (level 0) to the root (level <see cref="Depth"/>),
    /// already hashed by the caller: the batch trace builder computes them for the trace, with every round, and
    /// <see cref="SetLeafDigest"/> would hash them a second time. Only for the trace builder, which must be able to play a cheating prover (leaves outside the rules) in
    /// soundness tests: the digests need no leaf value behind them, and reads of the leaf value are unaffected.
    /// </summary>
    internal void SetPath(uint index, ReadOnlySpan<RpoDigest> path)
    {
        CheckIndex(index);
        if (path.Length != Depth + 1)
        {
            throw new ArgumentException($"a path holds {Depth + 1} digests, the leaf's to the root", nameof(path));
        }
        uint position = index;
        for (int level = 0; level < Depth; level++)
        {
            SetNode(level, position, path[level]);
            position >>= 1;
        }
        SetNode(Depth, 0, path[Depth]);
    }

    /// <summary>The <see cref="Depth"/> sibling digests from the leaf up, as the AIR's Merkle path consumes them.</summary>
    public RpoDigest[] Siblings(uint index)
    {
        CheckIndex(index);
        var siblings = new RpoDigest[Depth];
        uint position = index;
        for (int level = 0; level < Depth; level++)
        {
            siblings[level] = Node(level, position ^ 1);
            position >>= 1;
        }
        return siblings;
    }

    /// <summary>Root obtained by hashing <paramref name="leaf"/> up through <paramref name="siblings"/>.</summary>
    public static RpoDigest RootFromPath(AccountLeaf leaf, uint index, ReadOnlySpan<RpoDigest> siblings)
    {
        RpoDigest node = leaf.Digest();
        for (int level = 0; level < siblings.Length; level++)
        {
            node = ((index >> level) & 1) == 0 ? Rpo256.Merge(node, siblings[level]) : Rpo256.Merge(siblings[level], node);
        }
        return node;
    }

    public AccountTree Clone()
    {
        var copy = new AccountTree();
        foreach (var (key, value) in _leaves)
        {
            copy._leaves[key] = value;
        }
        foreach (var (key, value) in _nodes)
        {
            copy._nodes[key] = value;
        }
        return copy;
    }

    private RpoDigest Node(int level, uint position) =>
        _nodes.TryGetValue((level, position), out RpoDigest d) ? d : EmptyDigests[level];

    private void SetNode(int level, uint position, RpoDigest digest)
    {
        if (digest == EmptyDigests[level])
        {
            _nodes.Remove((level, position));
        }
        else
        {
            _nodes[(level, position)] = digest;
        }
    }

    private static void CheckIndex(uint index)
    {
        if (index >= Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"account index must be below 2^{Depth}");
        }
    }

    private static RpoDigest[] BuildEmptyDigests()
    {
        var digests = new RpoDigest[Depth + 1];
        digests[0] = AccountLeaf.Empty.Digest();
        for (int level = 1; level <= Depth; level++)
        {
            digests[level] = Rpo256.Merge(digests[level - 1], digests[level - 1]);
        }
        return digests;
    }
}
