using Lamina.Core.Crypto;

namespace Lamina.Core.Merkle;

/// <summary>
/// The binary Merkle tree of RFC 9162 §2.1 (Certificate Transparency) over SHA-256 with Lamina domain tags:
/// leaves and inner nodes use different tags, so a leaf can never be passed off as a node (second-preimage safety),
/// and unbalanced trees split at the largest power of two, so the root of n leaves is unique.
/// The empty list has root <see cref="Hash256.Zero"/>.
/// </summary>
public static class BinaryMerkleTree
{
    public static Hash256 HashLeaf(ReadOnlySpan<byte> data) => DomainHasher.Hash(DomainTags.MerkleLeaf, data);

    public static Hash256 HashNode(Hash256 left, Hash256 right) => DomainHasher.HashPair(DomainTags.MerkleNode, left, right);

    public static Hash256 RootOfLeaves(IReadOnlyList<byte[]> leaves)
    {
        var hashes = new Hash256[leaves.Count];
        for (var i = 0; i < hashes.Length; i++) hashes[i] = HashLeaf(leaves[i]);
        return Root(hashes);
    }

    /// <summary>Root over already-hashed leaves.</summary>
    public static Hash256 Root(ReadOnlySpan<Hash256> leafHashes)
    {
        if (leafHashes.Length == 0) return Hash256.Zero;
        // Bottom-up pairing reproduces RFC 9162's largest-power-of-two split: an odd node at the end of a level
        // is carried up unchanged, which is exactly where the recursive definition would place it.
        var level = leafHashes.ToArray();
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i + 1 < count; i += 2) level[next++] = HashNode(level[i], level[i + 1]);
            if ((count & 1) == 1) level[next++] = level[count - 1];
            count = next;
        }
        return level[0];
    }

    /// <summary>The audit path for leaf <paramref name="index"/>, siblings from the bottom up.</summary>
    public static Hash256[] Prove(ReadOnlySpan<Hash256> leafHashes, int index)
    {
        if ((uint)index >= (uint)leafHashes.Length) throw new ArgumentOutOfRangeException(nameof(index));
        var path = new List<Hash256>();
        var level = leafHashes.ToArray();
        var count = level.Length;
        var position = index;
        while (count > 1)
        {
            var sibling = position ^ 1;
            if (sibling < count) path.Add(level[sibling]);
            var next = 0;
            for (var i = 0; i + 1 < count; i += 2) level[next++] = HashNode(level[i], level[i + 1]);
            if ((count & 1) == 1) level[next++] = level[count - 1];
            count = next;
            position >>= 1;
        }
        return path.ToArray();
    }

    /// <summary>Checks an audit path; throws <see cref="InvalidMerkleProofException"/> saying why it fails.</summary>
    public static void Verify(Hash256 root, Hash256 leafHash, int index, int leafCount, IReadOnlyList<Hash256> path)
    {
        if (leafCount <= 0 || (uint)index >= (uint)leafCount) throw new InvalidMerkleProofException($"leaf index {index} is outside a tree of {leafCount} leaves");
        var hash = leafHash;
        var position = index;
        var count = leafCount;
        var used = 0;
        while (count > 1)
        {
            var sibling = position ^ 1;
            if (sibling < count)
            {
                if (used >= path.Count) throw new InvalidMerkleProofException("audit path is too short");
                hash = (position & 1) == 0 ? HashNode(hash, path[used]) : HashNode(path[used], hash);
                used++;
            }
            position >>= 1;
            count = (count + 1) >> 1;
        }
        if (used != path.Count) throw new InvalidMerkleProofException("audit path is too long");
        if (hash != root) throw new InvalidMerkleProofException("audit path does not lead to the root");
    }
}
