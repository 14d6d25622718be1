using CsCheck;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;

namespace Lamina.Core.Tests;

public sealed class MerkleTreeTests
{
    private static Hash256 Leaf(int i) => BinaryMerkleTree.HashLeaf(BitConverter.GetBytes(i));

    [Fact]
    public void Root_matches_rfc9162_recursive_definition()
    {
        for (var n = 1; n <= 33; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(Leaf).ToArray();
            Assert.Equal(Recursive(leaves), BinaryMerkleTree.Root(leaves));
        }
    }

    private static Hash256 Recursive(ReadOnlySpan<Hash256> leaves)
    {
        if (leaves.Length == 1) return leaves[0];
        var k = 1;
        while (k * 2 < leaves.Length) k *= 2;
        return BinaryMerkleTree.HashNode(Recursive(leaves[..k]), Recursive(leaves[k..]));
    }

    [Fact]
    public void Empty_list_has_zero_root_and_single_leaf_is_its_own_root()
    {
        Assert.Equal(Hash256.Zero, BinaryMerkleTree.Root([]));
        Assert.Equal(Leaf(7), BinaryMerkleTree.Root([Leaf(7)]));
    }

    [Fact]
    public void Golden_root_of_three_leaves()
    {
        var root = BinaryMerkleTree.RootOfLeaves([[1], [2], [3]]);
        Assert.Equal(Hash256.Parse(GoldenVectors.MerkleRootOf123), root);
    }

    [Fact]
    public void Every_audit_path_verifies_for_its_leaf_and_fails_for_others()
    {
        Gen.Int[1, 70].Sample(n =>
        {
            var leaves = Enumerable.Range(0, n).Select(Leaf).ToArray();
            var root = BinaryMerkleTree.Root(leaves);
            for (var i = 0; i < n; i++)
            {
                var path = BinaryMerkleTree.Prove(leaves, i);
                BinaryMerkleTree.Verify(root, leaves[i], i, n, path);
                Assert.Throws<InvalidMerkleProofException>(() => BinaryMerkleTree.Verify(root, Leaf(-1), i, n, path));
                var otherRoot = BinaryMerkleTree.HashNode(root, root);
                Assert.Throws<InvalidMerkleProofException>(() => BinaryMerkleTree.Verify(otherRoot, leaves[i], i, n, path));
                if (n > 1) Assert.Throws<InvalidMerkleProofException>(() => BinaryMerkleTree.Verify(root, leaves[i], (i + 1) % n, n, path));
            }
        }, iter: 40);
    }

    [Fact]
    public void Leaf_and_node_domains_differ()
    {
        var a = Leaf(1);
        var b = Leaf(2);
        Span<byte> both = stackalloc byte[64];
        a.CopyTo(both);
        b.CopyTo(both[32..]);
        Assert.NotEqual(BinaryMerkleTree.HashNode(a, b), BinaryMerkleTree.HashLeaf(both));
        Assert.NotEqual(DomainHasher.Hash(DomainTags.MerkleLeaf, both), DomainHasher.Hash(DomainTags.MerkleNode, both));
    }
}
