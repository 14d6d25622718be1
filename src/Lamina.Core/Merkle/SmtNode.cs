using System.Buffers.Binary;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Core.Merkle;

/// <summary>
/// A node of the compressed sparse Merkle tree. A subtree holding one key is a single leaf placed as high as it
/// can go; a subtree holding none is the zero hash. So the tree's shape, and its root, depend only on its key set.
/// </summary>
public readonly record struct SmtNode(bool IsLeaf, Hash256 Left, Hash256 Right, Hash256 Key, byte[]? Value)
{
    public const int MaxValueSize = 1 << 20;
    private const byte LeafKind = 1;
    private const byte InternalKind = 2;

    public static SmtNode Leaf(Hash256 key, byte[] value) => new(true, default, default, key, value);
    public static SmtNode Internal(Hash256 left, Hash256 right) => new(false, left, right, default, null);

    public static Hash256 HashValue(ReadOnlySpan<byte> value) => DomainHasher.Hash(DomainTags.SmtValue, value);

    public static Hash256 HashLeaf(Hash256 key, Hash256 valueHash) => DomainHasher.HashPair(DomainTags.SmtLeaf, key, valueHash);

    public static Hash256 HashInternal(Hash256 left, Hash256 right) => DomainHasher.HashPair(DomainTags.SmtNode, left, right);

    public Hash256 ComputeHash() => IsLeaf ? HashLeaf(Key, HashValue(Value!)) : HashInternal(Left, Right);

    /// <summary>kind ‖ key ‖ u32 length ‖ value for a leaf, kind ‖ left ‖ right for an internal node (the canonical codec's layout).</summary>
    public byte[] Encode()
    {
        // Written straight into an exactly sized array: a node is encoded for every tree write, so no writer or copy.
        if (!IsLeaf)
        {
            var node = new byte[1 + (2 * Hash256.Size)];
            node[0] = InternalKind;
            Left.CopyTo(node.AsSpan(1));
            Right.CopyTo(node.AsSpan(1 + Hash256.Size));
            return node;
        }
        var leaf = new byte[1 + Hash256.Size + 4 + Value!.Length];
        leaf[0] = LeafKind;
        Key.CopyTo(leaf.AsSpan(1));
        BinaryPrimitives.WriteUInt32BigEndian(leaf.AsSpan(1 + Hash256.Size), (uint)Value.Length);
        Value.CopyTo(leaf.AsSpan(1 + Hash256.Size + 4));
        return leaf;
    }

    /// <summary>
    /// The children of an encoded internal node without decoding the whole node (for walks over a store: pruning,
    /// flushing); false for a leaf. Anything that is neither is refused as <see cref="Decode"/> refuses it.
    /// </summary>
    public static bool TryReadChildren(ReadOnlySpan<byte> encoded, out Hash256 left, out Hash256 right)
    {
        var node = Decode(encoded);
        (left, right) = (node.Left, node.Right);
        return !node.IsLeaf;
    }

    public static SmtNode Decode(ReadOnlySpan<byte> bytes)
    {
        // Internal nodes are most of every walk, and their layout is fixed: read them without the general reader.
        if (bytes.Length == 1 + (2 * Hash256.Size) && bytes[0] == InternalKind)
            return Internal(new Hash256(bytes.Slice(1, Hash256.Size)), new Hash256(bytes.Slice(1 + Hash256.Size, Hash256.Size)));
        var r = new CanonicalReader(bytes);
        var kind = r.ReadU8("node kind");
        SmtNode node = kind switch
        {
            LeafKind => Leaf(r.ReadHash("leaf key"), r.ReadBytes(MaxValueSize, "leaf value").ToArray()),
            InternalKind => Internal(r.ReadHash("left child"), r.ReadHash("right child")),
            _ => throw new CodecException(CodecError.UnknownKind, $"sparse Merkle node kind {kind} is unknown", 0),
        };
        r.EnsureEnd("sparse Merkle node");
        return node;
    }
}
