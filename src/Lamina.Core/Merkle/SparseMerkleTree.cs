namespace Lamina.Core.Merkle;

/// <summary>
/// A compressed sparse Merkle tree over 256-bit keys (SHA-256, domain-separated leaves and nodes).
/// Trees are immutable and versioned by root: <see cref="Update"/> writes only the nodes on changed paths and
/// returns a new root, leaving every earlier root readable (that is what makes historical account proofs work).
/// Keys should be uniformly distributed (hash them first) so paths stay about log2(n) deep.
/// </summary>
public sealed class SparseMerkleTree(ISmtNodeStore store)
{
    public static readonly Hash256 EmptyRoot = Hash256.Zero;

    /// <summary>A subtree after an update. <see cref="IsLeaf"/> is null when not yet known (an untouched subtree).</summary>
    private readonly record struct Result(Hash256 Hash, bool? IsLeaf);

    /// <summary>
    /// Applies a batch of changes to the tree at <paramref name="root"/>. A null value deletes the key.
    /// When a key appears twice the later change wins. The new root does not depend on the order of the batch.
    /// </summary>
    public Hash256 Update(Hash256 root, IEnumerable<KeyValuePair<Hash256, byte[]?>> changes)
    {
        // A sorted dictionary in the keys' own order is already what the walk needs (state machines buffer a
        // transaction's writes in one): no second dictionary per update.
        if (changes is SortedDictionary<Hash256, byte[]?> sortedChanges && ReferenceEquals(sortedChanges.Comparer, Comparer<Hash256>.Default))
            return UpdateSorted(root, sortedChanges);
        var latest = new SortedDictionary<Hash256, byte[]?>();
        foreach (var (key, value) in changes)
        {
            if (value is not null && value.Length > SmtNode.MaxValueSize) throw new ArgumentException($"values are at most {SmtNode.MaxValueSize} bytes");
            latest[key] = value;
        }
        return UpdateSorted(root, latest);
    }

    private Hash256 UpdateSorted(Hash256 root, SortedDictionary<Hash256, byte[]?> latest)
    {
        if (latest.Count == 0) return root;
        var sorted = new KeyValuePair<Hash256, byte[]?>[latest.Count];
        var i = 0;
        foreach (var change in latest)
        {
            if (change.Value is not null && change.Value.Length > SmtNode.MaxValueSize) throw new ArgumentException($"values are at most {SmtNode.MaxValueSize} bytes");
            sorted[i++] = change;
        }
        return Apply(root, 0, sorted).Hash;
    }

    /// <summary>The value stored under <paramref name="key"/> in the tree at <paramref name="root"/>, or null.</summary>
    public byte[]? Get(Hash256 root, Hash256 key)
    {
        var current = root;
        for (var depth = 0; depth <= 256 && !current.IsZero; depth++)
        {
            var node = Load(current);
            if (node.IsLeaf) return node.Key == key ? node.Value : null;
            current = key.GetBit(depth) ? node.Right : node.Left;
        }
        return null;
    }

    /// <summary>A proof that <paramref name="key"/> has its current value, or is absent, under <paramref name="root"/>.</summary>
    public SmtProof Prove(Hash256 root, Hash256 key)
    {
        var siblings = new List<Hash256>();
        var current = root;
        var depth = 0;
        while (!current.IsZero)
        {
            var node = Load(current);
            if (node.IsLeaf) return new SmtProof(siblings, node.Key, SmtNode.HashValue(node.Value!));
            var right = key.GetBit(depth);
            siblings.Add(right ? node.Left : node.Right);
            current = right ? node.Right : node.Left;
            depth++;
        }
        return new SmtProof(siblings, null, null);
    }

    private SmtNode Load(Hash256 hash)
    {
        var bytes = store.GetNode(hash) ?? throw new MissingTreeNodeException(hash);
        return SmtNode.Decode(bytes);
    }

    private Result Apply(Hash256 nodeHash, int depth, ReadOnlySpan<KeyValuePair<Hash256, byte[]?>> changes)
    {
        // An untouched subtree: whether it is a leaf matters only if its sibling ends up empty, so Join loads it then.
        if (changes.IsEmpty) return new Result(nodeHash, nodeHash.IsZero ? false : null);
        if (nodeHash.IsZero) return Build(depth, changes, null);

        var node = Load(nodeHash);
        if (node.IsLeaf) return Build(depth, changes, node);

        var split = SplitIndex(changes, depth);
        var left = Apply(node.Left, depth + 1, changes[..split]);
        var right = Apply(node.Right, depth + 1, changes[split..]);
        return Join(left, right);
    }

    /// <summary>Builds the subtree at <paramref name="depth"/> holding the changes' surviving keys plus an existing leaf.</summary>
    private Result Build(int depth, ReadOnlySpan<KeyValuePair<Hash256, byte[]?>> changes, SmtNode? existingLeaf)
    {
        var survivors = new List<KeyValuePair<Hash256, byte[]>>(changes.Length + 1);
        var existingPlaced = existingLeaf is null;
        foreach (var (key, value) in changes)
        {
            if (!existingPlaced && existingLeaf!.Value.Key.CompareTo(key) <= 0)
            {
                existingPlaced = true;
                // An update to the same key replaces (or deletes) the existing leaf.
                if (existingLeaf.Value.Key != key) survivors.Add(new(existingLeaf.Value.Key, existingLeaf.Value.Value!));
            }
            if (value is not null) survivors.Add(new(key, value));
        }
        if (!existingPlaced) survivors.Add(new(existingLeaf!.Value.Key, existingLeaf.Value.Value!));
        return BuildFrom(depth, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(survivors));
    }

    private Result BuildFrom(int depth, ReadOnlySpan<KeyValuePair<Hash256, byte[]>> entries)
    {
        if (entries.IsEmpty) return new Result(Hash256.Zero, false);
        if (entries.Length == 1)
        {
            var leaf = SmtNode.Leaf(entries[0].Key, entries[0].Value);
            var hash = leaf.ComputeHash();
            store.PutNode(hash, leaf.Encode());
            return new Result(hash, true);
        }
        if (depth >= 256) throw new InvalidOperationException("two distinct keys cannot share all 256 bits");
        var split = 0;
        while (split < entries.Length && !entries[split].Key.GetBit(depth)) split++;
        return Join(BuildFrom(depth + 1, entries[..split]), BuildFrom(depth + 1, entries[split..]));
    }

    /// <summary>Makes the parent of two subtrees, collapsing a lone leaf upwards so the shape stays canonical.</summary>
    private Result Join(Result left, Result right)
    {
        if (left.Hash.IsZero && right.Hash.IsZero) return new Result(Hash256.Zero, false);
        if (left.Hash.IsZero && IsLeaf(right)) return new Result(right.Hash, true);
        if (right.Hash.IsZero && IsLeaf(left)) return new Result(left.Hash, true);
        var node = SmtNode.Internal(left.Hash, right.Hash);
        var hash = node.ComputeHash();
        store.PutNode(hash, node.Encode());
        return new Result(hash, false);
    }

    private bool IsLeaf(Result r) => r.IsLeaf ?? Load(r.Hash).IsLeaf;

    private static int SplitIndex(ReadOnlySpan<KeyValuePair<Hash256, byte[]?>> sorted, int depth)
    {
        var i = 0;
        while (i < sorted.Length && !sorted[i].Key.GetBit(depth)) i++;
        return i;
    }
}
