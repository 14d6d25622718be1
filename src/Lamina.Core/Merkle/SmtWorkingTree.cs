namespace Lamina.Core.Merkle;

/// <summary>
/// One state of a <see cref="SparseMerkleTree"/> held as a mutable tree of decoded nodes in memory, for a writer that
/// applies update after update to the newest state and needs the root after each (a rollup's sequencer and derivation:
/// a root per transaction). Each update gives exactly the root <see cref="SparseMerkleTree.Update"/> gives from the
/// same state (same node hashes, same canonical shape), but reads and updates walk objects instead of looking every
/// node up in a content-addressed store and decoding it, and nothing is encoded or stored per update:
/// <see cref="Flush"/> writes the nodes of the current state that the store does not have yet, so the states between
/// two flushes never reach the store (as a block's intermediate states never need to).
/// </summary>
/// <remarks>
/// Nodes are read from <see cref="Store"/> lazily, the first time a walk reaches them, and are then kept until the tree
/// is moved to another root. Invariant: a node not marked dirty has its whole subtree in the store. Not thread-safe.
/// </remarks>
public sealed class SmtWorkingTree(ISmtNodeStore store)
{
    /// <summary>Beyond this many materialised nodes a flush forgets them (they are in the store then), bounding memory.</summary>
    public const int MaxHeldNodes = 1 << 20;

    private Node? _root;
    private int _held;

    /// <summary>Where nodes are read from and flushed to.</summary>
    public ISmtNodeStore Store { get; } = store;

    /// <summary>Whether the tree holds a state (<see cref="MoveTo"/> was called and it was not released since).</summary>
    public bool IsPositioned { get; private set; }

    /// <summary>The root of the state held; meaningful only when <see cref="IsPositioned"/>.</summary>
    public Hash256 Root { get; private set; }

    /// <summary>Whether some node of the state held is not in the store yet.</summary>
    public bool HasUnflushed => _root is { Dirty: true };

    public bool IsAt(Hash256 root) => IsPositioned && Root == root;

    /// <summary>
    /// Holds the state at <paramref name="root"/> (read lazily from the store, which must have it). The state held
    /// before is flushed first, so it stays readable from the store.
    /// </summary>
    public void MoveTo(Hash256 root)
    {
        if (IsAt(root)) return;
        Flush();
        Position(root);
    }

    /// <summary>Forgets the state held without writing it (its unflushed nodes are dropped).</summary>
    public void Release()
    {
        IsPositioned = false;
        _root = null;
        _held = 0;
    }

    /// <summary>The value under <paramref name="key"/> in the state held, or null.</summary>
    public byte[]? Get(Hash256 key)
    {
        EnsurePositioned();
        var node = _root;
        for (var depth = 0; node is not null; depth++)
        {
            Load(node);
            if (node.IsLeaf) return node.Key == key ? node.Value : null;
            node = key.GetBit(depth) ? node.Right : node.Left;
        }
        return null;
    }

    /// <summary>
    /// Applies <paramref name="changes"/> (a null value deletes the key) to the state held and returns the new root:
    /// the root <see cref="SparseMerkleTree.Update"/> returns for the same changes. Only a key's last change counts.
    /// </summary>
    public Hash256 Apply(IEnumerable<KeyValuePair<Hash256, byte[]?>> changes)
    {
        EnsurePositioned();
        foreach (var (key, value) in changes) Change(key, value);
        return Rehash();
    }

    /// <summary>As <see cref="Apply(IEnumerable{KeyValuePair{Hash256, byte[]}})"/>, for changes held in a span (no enumerator).</summary>
    public Hash256 Apply(ReadOnlySpan<KeyValuePair<Hash256, byte[]?>> changes)
    {
        EnsurePositioned();
        foreach (var (key, value) in changes) Change(key, value);
        return Rehash();
    }

    private void Change(Hash256 key, byte[]? value)
    {
        if (value is not null && value.Length > SmtNode.MaxValueSize) throw new ArgumentException($"values are at most {SmtNode.MaxValueSize} bytes");
        _root = Set(_root, 0, key, value);
    }

    private Hash256 Rehash()
    {
        Root = _root is null ? SparseMerkleTree.EmptyRoot : Rehash(_root);
        return Root;
    }

    /// <summary>Writes every node of the state held that the store does not have (the state becomes readable from the store alone).</summary>
    public void Flush() => FlushTo(Store);

    /// <summary>
    /// As <see cref="Flush"/>, into <paramref name="target"/>: a store <see cref="Store"/> reads through (a layer's
    /// backing store), which must then already hold every node of the state that was not written since the last flush.
    /// </summary>
    public void FlushTo(ISmtNodeStore target)
    {
        if (!IsPositioned) return;
        if (_root is not null) FlushFrom(_root, target);
        // Everything held is in the store now, so forgetting it loses nothing.
        if (_held > MaxHeldNodes) Position(Root);
    }

    private void Position(Hash256 root)
    {
        _held = 0;
        _root = Stub(root);
        Root = root;
        IsPositioned = true;
    }

    private void EnsurePositioned()
    {
        if (!IsPositioned) throw new InvalidOperationException("the working tree holds no state");
    }

    private Node? Stub(Hash256 hash) => hash.IsZero ? null : new Node { Hash = hash };

    private void Load(Node node)
    {
        if (node.Loaded) return;
        var decoded = SmtNode.Decode(Store.GetNode(node.Hash) ?? throw new MissingTreeNodeException(node.Hash));
        if (decoded.IsLeaf)
        {
            node.IsLeaf = true;
            node.Key = decoded.Key;
            node.Value = decoded.Value;
        }
        else
        {
            node.Left = Stub(decoded.Left);
            node.Right = Stub(decoded.Right);
        }
        node.Loaded = true;
        _held++;
    }

    private Node NewLeaf(Hash256 key, byte[] value)
    {
        _held++;
        return new Node { Loaded = true, IsLeaf = true, Key = key, Value = value, Stale = true, Dirty = true };
    }

    /// <summary>The subtree at <paramref name="depth"/> after setting <paramref name="key"/>, in the canonical shape.</summary>
    private Node? Set(Node? node, int depth, Hash256 key, byte[]? value)
    {
        if (node is null) return value is null ? null : NewLeaf(key, value);
        Load(node);
        if (node.IsLeaf)
        {
            if (node.Key == key)
            {
                if (value is null) return null;
                node.Value = value;
                node.Stale = node.Dirty = true;
                return node;
            }
            return value is null ? node : Split(node, NewLeaf(key, value), depth);
        }
        if (key.GetBit(depth)) node.Right = Set(node.Right, depth + 1, key, value);
        else node.Left = Set(node.Left, depth + 1, key, value);
        // A subtree left with one key is that key's leaf, placed as high as it goes (as SparseMerkleTree.Join does).
        if (node.Left is null && node.Right is null) return null;
        if (node.Left is null && IsLeaf(node.Right!)) return node.Right;
        if (node.Right is null && IsLeaf(node.Left!)) return node.Left;
        node.Stale = node.Dirty = true;
        return node;
    }

    private bool IsLeaf(Node node)
    {
        Load(node);
        return node.IsLeaf;
    }

    /// <summary>Two leaves under one parent at <paramref name="depth"/>, one internal node per shared bit below it.</summary>
    private Node Split(Node a, Node b, int depth)
    {
        if (depth >= 256) throw new InvalidOperationException("two distinct keys cannot share all 256 bits");
        _held++;
        var parent = new Node { Loaded = true, Stale = true, Dirty = true };
        var aRight = a.Key.GetBit(depth);
        if (aRight == b.Key.GetBit(depth))
        {
            var below = Split(a, b, depth + 1);
            if (aRight) parent.Right = below;
            else parent.Left = below;
        }
        else (parent.Left, parent.Right) = aRight ? (b, a) : (a, b);
        return parent;
    }

    private static Hash256 Rehash(Node node)
    {
        if (!node.Stale) return node.Hash;
        node.Hash = node.IsLeaf
            ? SmtNode.HashLeaf(node.Key, SmtNode.HashValue(node.Value!))
            : SmtNode.HashInternal(node.Left is null ? Hash256.Zero : Rehash(node.Left), node.Right is null ? Hash256.Zero : Rehash(node.Right));
        node.Stale = false;
        return node.Hash;
    }

    private static void FlushFrom(Node node, ISmtNodeStore target)
    {
        if (!node.Dirty) return;
        node.Dirty = false;
        if (node.IsLeaf)
        {
            target.PutNode(node.Hash, SmtNode.Leaf(node.Key, node.Value!).Encode());
            return;
        }
        if (node.Left is not null) FlushFrom(node.Left, target);
        if (node.Right is not null) FlushFrom(node.Right, target);
        target.PutNode(node.Hash, SmtNode.Internal(node.Left?.Hash ?? Hash256.Zero, node.Right?.Hash ?? Hash256.Zero).Encode());
    }

    /// <summary>A node: a stub (only its hash) until loaded, then a leaf or an internal node with child nodes (null = empty).</summary>
    private sealed class Node
    {
        public Hash256 Hash;
        public bool Loaded, IsLeaf;
        // Stale: the hash must be recomputed; Dirty: the store does not have this node yet.
        public bool Stale, Dirty;
        public Node? Left, Right;
        public Hash256 Key;
        public byte[]? Value;
    }
}
