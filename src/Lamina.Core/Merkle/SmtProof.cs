using Lamina.Core.Codec;

namespace Lamina.Core.Merkle;

/// <summary>
/// A compact inclusion or non-inclusion proof in the sparse Merkle tree: the siblings on the path from the root
/// down to where the key's search ends, with empty (zero) siblings left out and marked in a bitmap.
/// The search ends at the key's own leaf (inclusion), at an empty subtree, or at a different key's leaf that
/// shares the path (both non-inclusion).
/// </summary>
public sealed partial class SmtProof : ICanonical<SmtProof>
{
    public const int MaxDepth = 256;

    public SmtProof(IReadOnlyList<Hash256> siblings, Hash256? leafKey, Hash256? leafValueHash)
    {
        if (siblings.Count > MaxDepth) throw new ArgumentException($"a proof has at most {MaxDepth} siblings");
        if (leafKey.HasValue != leafValueHash.HasValue) throw new ArgumentException("a terminal leaf needs both key and value hash");
        Siblings = siblings;
        LeafKey = leafKey;
        LeafValueHash = leafValueHash;
    }

    /// <summary>Siblings from the root downwards; index i is the sibling at depth i+1.</summary>
    public IReadOnlyList<Hash256> Siblings { get; }

    /// <summary>The leaf the search ended at, or null when it ended at an empty subtree.</summary>
    public Hash256? LeafKey { get; }
    public Hash256? LeafValueHash { get; }

    /// <summary>
    /// Checks that under <paramref name="root"/> the key maps to <paramref name="value"/> (or is absent when null).
    /// Throws <see cref="InvalidMerkleProofException"/> with the failed check.
    /// </summary>
    public void Verify(Hash256 root, Hash256 key, ReadOnlySpan<byte> value, bool present)
    {
        var depth = Siblings.Count;
        Hash256 current;
        if (present)
        {
            if (LeafKey is not { } leafKey || leafKey != key) throw new InvalidMerkleProofException("proof does not end at the key's leaf");
            if (LeafValueHash!.Value != SmtNode.HashValue(value)) throw new InvalidMerkleProofException("the leaf holds a different value");
            current = SmtNode.HashLeaf(leafKey, LeafValueHash.Value);
        }
        else if (LeafKey is { } otherKey)
        {
            if (otherKey == key) throw new InvalidMerkleProofException("proof shows the key is present");
            for (var i = 0; i < depth; i++)
            {
                if (otherKey.GetBit(i) != key.GetBit(i)) throw new InvalidMerkleProofException("the terminal leaf is not on the key's path");
            }
            current = SmtNode.HashLeaf(otherKey, LeafValueHash!.Value);
        }
        else
        {
            current = Hash256.Zero;
        }

        for (var i = depth - 1; i >= 0; i--)
        {
            var sibling = Siblings[i];
            current = key.GetBit(i) ? SmtNode.HashInternal(sibling, current) : SmtNode.HashInternal(current, sibling);
        }
        if (current != root) throw new InvalidMerkleProofException("proof does not lead to the state root");
    }

    public void Encode(CanonicalWriter writer)
    {
        var depth = Siblings.Count;
        writer.WriteU16((ushort)depth);
        Span<byte> bitmap = stackalloc byte[(depth + 7) / 8];
        bitmap.Clear();
        for (var i = 0; i < depth; i++)
        {
            if (!Siblings[i].IsZero) bitmap[i >> 3] |= (byte)(0x80 >> (i & 7));
        }
        writer.WriteRaw(bitmap);
        for (var i = 0; i < depth; i++)
        {
            if (!Siblings[i].IsZero) writer.WriteHash(Siblings[i]);
        }
        writer.WriteBool(LeafKey.HasValue);
        if (LeafKey.HasValue)
        {
            writer.WriteHash(LeafKey.Value);
            writer.WriteHash(LeafValueHash!.Value);
        }
    }

    public static SmtProof Decode(ref CanonicalReader reader)
    {
        var at = reader.Position;
        int depth = reader.ReadU16("proof depth");
        if (depth > MaxDepth) throw new CodecException(CodecError.Oversize, $"proof depth {depth} exceeds {MaxDepth}", at);
        var bitmap = reader.ReadRaw((depth + 7) / 8, "sibling bitmap");
        // Unused bits of the last bitmap byte must be zero, or two encodings would mean the same proof.
        if (depth % 8 != 0 && (bitmap[^1] & (0xFF >> (depth % 8))) != 0)
        {
            throw new CodecException(CodecError.NonCanonical, "padding bits of the sibling bitmap are set", reader.Position);
        }
        var siblings = new Hash256[depth];
        var bits = bitmap.ToArray();
        for (var i = 0; i < depth; i++)
        {
            if ((bits[i >> 3] & (0x80 >> (i & 7))) == 0) continue;
            var siblingAt = reader.Position;
            var sibling = reader.ReadHash("sibling");
            if (sibling.IsZero) throw new CodecException(CodecError.NonCanonical, "a zero sibling must be left out, not written", siblingAt);
            siblings[i] = sibling;
        }
        Hash256? leafKey = null, leafValue = null;
        if (reader.ReadBool("has leaf"))
        {
            leafKey = reader.ReadHash("leaf key");
            leafValue = reader.ReadHash("leaf value hash");
        }
        return new SmtProof(siblings, leafKey, leafValue);
    }
}
