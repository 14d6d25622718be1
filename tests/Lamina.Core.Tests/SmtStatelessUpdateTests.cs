using CsCheck;
using Lamina.Core.Merkle;

namespace Lamina.Core.Tests;

/// <summary>The stateless update from a proof agrees with the tree's own update: replace, insert, and leaf split.</summary>
public sealed class SmtStatelessUpdateTests
{
    /// <summary>A key equal to <paramref name="key"/> with bit <paramref name="bit"/> flipped: they share the first bit−1 bits.</summary>
    private static Hash256 Flip(Hash256 key, int bit)
    {
        var bytes = key.ToArray();
        bytes[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
        return new Hash256(bytes);
    }

    private static Hash256 Key(byte first, byte last)
    {
        var bytes = new byte[32];
        bytes[0] = first;
        bytes[31] = last;
        return new Hash256(bytes);
    }

    /// <summary>
    /// Random key sets where keys also come as near neighbours of each other (one bit flipped anywhere, up to the last),
    /// so paths go deep and a new key often lands on another key's compressed leaf far above where they fork.
    /// </summary>
    private static readonly Gen<(Hash256[] Keys, Hash256 Target, byte[] Value)> GenCase =
        Gen.Select(Gen.Byte.Array[32].Array[1, 12], Gen.Int[0, 255].Array[0, 12], Gen.Int[0, 2], Gen.Int[0, 255], Gen.Byte.Array[0, 40])
            .Select((seeds, flips, mode, bit, value) =>
            {
                var keys = new List<Hash256>();
                foreach (var s in seeds) keys.Add(new Hash256(s));
                for (var i = 0; i < flips.Length; i++) keys.Add(Flip(keys[i % keys.Count], flips[i]));
                var distinct = keys.Distinct().ToArray();
                var target = mode switch
                {
                    0 => distinct[bit % distinct.Length],                // replace an existing value
                    1 => Flip(distinct[bit % distinct.Length], bit),     // a neighbour: split or insert
                    _ => Flip(Flip(distinct[0], 255), bit),              // another deep neighbour
                };
                return (distinct[..^(distinct.Length > 1 ? 1 : 0)], target, value);
            });

    [Fact]
    public void Stateless_write_equals_the_tree_update_on_random_trees()
    {
        GenCase.Sample(c =>
        {
            var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
            var root = tree.Update(SparseMerkleTree.EmptyRoot, c.Keys.Select(k => new KeyValuePair<Hash256, byte[]?>(k, k.ToArray()[..5])));
            var current = tree.Get(root, c.Target);
            var proof = tree.Prove(root, c.Target);
            var stateless = proof.Update(root, c.Target, current ?? [], current is not null, c.Value);
            var expected = tree.Update(root, [new(c.Target, c.Value)]);
            Assert.Equal(expected, stateless);
        }, iter: 400);
    }

    [Fact]
    public void Each_case_is_exercised_explicitly()
    {
        var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
        var a = Key(0x00, 1);
        var root = tree.Update(SparseMerkleTree.EmptyRoot, [new(a, [1])]);

        // Empty tree: the new leaf is the root.
        Assert.Equal(root, tree.Prove(SparseMerkleTree.EmptyRoot, a).Update(SparseMerkleTree.EmptyRoot, a, [], false, [1]));
        // Replace the only leaf.
        Assert.Equal(tree.Update(root, [new(a, [2])]), tree.Prove(root, a).Update(root, a, [1], true, [2]));
        // Leaf split at the root, forking only at the last bit: 255 internal nodes with an empty sibling each.
        var b = Flip(a, 255);
        var split = tree.Update(root, [new(b, [3])]);
        var proof = tree.Prove(root, b);
        Assert.Equal(a, proof.LeafKey);
        Assert.Equal(split, proof.Update(root, b, [], false, [3]));
        Assert.Equal(256, tree.Prove(split, b).Siblings.Count);
        // Insert into an empty subtree below an internal node.
        var c = Key(0x80, 0);
        var empty = tree.Prove(split, c);
        Assert.Null(empty.LeafKey);
        Assert.Equal(tree.Update(split, [new(c, [4])]), empty.Update(split, c, [], false, [4]));
    }

    [Fact]
    public void A_proof_that_does_not_show_the_stated_current_state_is_refused()
    {
        var tree = new SparseMerkleTree(new InMemorySmtNodeStore());
        var a = Key(0x00, 1);
        var b = Key(0x80, 2);
        var root = tree.Update(SparseMerkleTree.EmptyRoot, [new(a, [1]), new(b, [2])]);
        var proof = tree.Prove(root, a);
        Assert.Throws<InvalidMerkleProofException>(() => proof.Update(root, a, [9], true, [3]));
        Assert.Throws<InvalidMerkleProofException>(() => proof.Update(root, a, [], false, [3]));
        Assert.Throws<InvalidMerkleProofException>(() => proof.Update(Hash256.Zero, a, [1], true, [3]));
        Assert.Throws<InvalidMerkleProofException>(() => tree.Prove(root, b).Update(root, a, [1], true, [3]));
    }
}
