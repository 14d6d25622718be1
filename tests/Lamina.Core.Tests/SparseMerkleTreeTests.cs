using System.Text;
using CsCheck;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;

namespace Lamina.Core.Tests;

public sealed class SparseMerkleTreeTests
{
    private static Hash256 Key(byte first, byte last)
    {
        var bytes = new byte[32];
        bytes[0] = first;
        bytes[31] = last;
        return new Hash256(bytes);
    }

    private static readonly Hash256 K1 = Key(0x00, 1), K2 = Key(0x80, 0), K3 = Key(0x40, 0);

    private static KeyValuePair<Hash256, byte[]?> Put(Hash256 k, string v) => new(k, Encoding.ASCII.GetBytes(v));

    [Fact]
    public void Golden_roots_match_independent_computation()
    {
        var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
        var r1 = tree.Update(SparseMerkleTree.EmptyRoot, [Put(K1, "one")]);
        Assert.Equal(Hash256.Parse(GoldenVectors.SmtSingleLeaf), r1);
        var r2 = tree.Update(r1, [Put(K2, "two")]);
        Assert.Equal(Hash256.Parse(GoldenVectors.SmtTwoLeaves), r2);
        var r3 = tree.Update(r2, [Put(K3, "three")]);
        Assert.Equal(Hash256.Parse(GoldenVectors.SmtThreeLeaves), r3);
        // Deleting collapses back to the same canonical shape.
        Assert.Equal(r2, tree.Update(r3, [new(K3, null)]));
        Assert.Equal(r1, tree.Update(r2, [new(K2, null)]));
        Assert.Equal(SparseMerkleTree.EmptyRoot, tree.Update(r1, [new(K1, null)]));
    }

    private static readonly Gen<Dictionary<Hash256, byte[]>> GenState =
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[1, 40]).Array[0, 60]
            .Select(pairs =>
            {
                var d = new Dictionary<Hash256, byte[]>();
                foreach (var (k, v) in pairs) d[new Hash256(k)] = v;
                return d;
            });

    [Fact]
    public void Root_is_independent_of_insertion_order_and_batching()
    {
        Gen.Select(GenState, Gen.Int).Sample((state, seed) =>
        {
            var entries = state.ToList();
            var oneBatch = new SparseMerkleTree(new InMemorySmtNodeStore())
                .Update(SparseMerkleTree.EmptyRoot, entries.Select(e => new KeyValuePair<Hash256, byte[]?>(e.Key, e.Value)));

            var shuffled = entries.OrderBy(e => HashCode.Combine(e.Key, seed)).ToList();
            var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
            var root = SparseMerkleTree.EmptyRoot;
            foreach (var e in shuffled) root = tree.Update(root, [new(e.Key, e.Value)]);
            Assert.Equal(oneBatch, root);
        }, iter: 60);
    }

    [Fact]
    public void Inserting_then_deleting_extra_keys_restores_the_root()
    {
        Gen.Select(GenState, GenState).Sample((a, b) =>
        {
            var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
            var rootA = tree.Update(SparseMerkleTree.EmptyRoot, a.Select(e => new KeyValuePair<Hash256, byte[]?>(e.Key, e.Value)));
            var extra = b.Where(e => !a.ContainsKey(e.Key)).ToList();
            var rootAb = tree.Update(rootA, extra.Select(e => new KeyValuePair<Hash256, byte[]?>(e.Key, e.Value)));
            var back = tree.Update(rootAb, extra.Select(e => new KeyValuePair<Hash256, byte[]?>(e.Key, null)));
            Assert.Equal(rootA, back);
        }, iter: 60);
    }

    [Fact]
    public void Proofs_verify_for_the_right_root_and_fail_for_any_other()
    {
        Gen.Select(GenState, Gen.Byte.Array[32]).Sample((state, probe) =>
        {
            var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
            var root = tree.Update(SparseMerkleTree.EmptyRoot, state.Select(e => new KeyValuePair<Hash256, byte[]?>(e.Key, e.Value)));
            var otherRoot = tree.Update(root, [new(Key(0x11, 0x22), [9])]);
            foreach (var (key, value) in state)
            {
                Assert.Equal(value, tree.Get(root, key));
                var proof = RoundTrip(tree.Prove(root, key));
                proof.Verify(root, key, value, present: true);
                Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(otherRoot, key, value, present: true));
                Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(root, key, [.. value, 0], present: true));
                Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(root, key, default, present: false));
            }

            var absent = new Hash256(probe);
            if (state.ContainsKey(absent)) return;
            Assert.Null(tree.Get(root, absent));
            var nonInclusion = RoundTrip(tree.Prove(root, absent));
            nonInclusion.Verify(root, absent, default, present: false);
            Assert.Throws<InvalidMerkleProofException>(() => nonInclusion.Verify(root, absent, [1], present: true));
            if (state.Count > 0) Assert.Throws<InvalidMerkleProofException>(() => nonInclusion.Verify(otherRoot, absent, default, present: false));
        }, iter: 60);
    }

    [Fact]
    public void Earlier_roots_stay_readable_after_updates()
    {
        var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
        var r1 = tree.Update(SparseMerkleTree.EmptyRoot, [Put(K1, "v1"), Put(K2, "x")]);
        var r2 = tree.Update(r1, [Put(K1, "v2")]);
        Assert.Equal("v1", Encoding.ASCII.GetString(tree.Get(r1, K1)!));
        Assert.Equal("v2", Encoding.ASCII.GetString(tree.Get(r2, K1)!));
    }

    [Fact]
    public void Missing_node_gives_typed_error()
    {
        var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
        Assert.Throws<MissingTreeNodeException>(() => tree.Get(Key(1, 1), K1));
    }

    [Fact]
    public void Proof_golden_encoding()
    {
        var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
        var root = tree.Update(SparseMerkleTree.EmptyRoot, [Put(K1, "one"), Put(K2, "two"), Put(K3, "three")]);
        var bytes = Canonical.Encode(tree.Prove(root, K1));
        // depth 2 (0002), bitmap 11000000, two siblings, then has-leaf flag 01, key, value hash.
        Assert.Equal(2 + 1 + 64 + 1 + 64, bytes.Length);
        Assert.Equal("0002c0", Hex.Encode(bytes.AsSpan(0, 3), prefix: false));
    }

    private static SmtProof RoundTrip(SmtProof proof) => Canonical.Decode<SmtProof>(Canonical.Encode(proof));
}
