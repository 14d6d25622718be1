using CsCheck;
using Lamina.Core.Merkle;

namespace Lamina.Core.Tests;

/// <summary>
/// The working tree against <see cref="SparseMerkleTree"/> itself: the same root after every batch of inserts, updates
/// and deletes (keys crowded into a few prefixes, so leaves split deep and collapse back), and the flushed state read
/// in full from the store alone.
/// </summary>
public sealed class SmtWorkingTreeTests
{
    /// <summary>Keys that share long prefixes: the first byte from 4 values, then one of 8 tails in the last byte.</summary>
    private static readonly Gen<Hash256> GenKey = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 7], Gen.Int[0, 1]).Select((first, last, far) =>
    {
        var bytes = new byte[32];
        bytes[0] = (byte)(first << 6);
        bytes[31] = (byte)last;
        if (far == 1) bytes[1] = 0x80; // some keys split at the second byte rather than the last
        return new Hash256(bytes);
    });

    private static readonly Gen<KeyValuePair<Hash256, byte[]?>> GenChange = Gen.Select(GenKey, Gen.Int[0, 3], Gen.Byte.Array[1, 20])
        .Select((key, kind, value) => new KeyValuePair<Hash256, byte[]?>(key, kind == 0 ? null : value));

    [Fact]
    public void Every_batch_gives_the_trees_root_and_a_flush_makes_the_state_readable_from_the_store()
    {
        Gen.Select(GenChange.Array[1, 6].Array[1, 30], Gen.Int[1, 5]).Sample((batches, flushEvery) =>
        {
            var reference = new SparseMerkleTree(new InMemorySmtNodeStore());
            var store = new InMemorySmtNodeStore();
            var working = new SmtWorkingTree(store);
            working.MoveTo(SparseMerkleTree.EmptyRoot);
            var expected = SparseMerkleTree.EmptyRoot;
            var state = new Dictionary<Hash256, byte[]>();
            for (var b = 0; b < batches.Length; b++)
            {
                expected = reference.Update(expected, batches[b]);
                foreach (var (key, value) in batches[b])
                {
                    if (value is null) state.Remove(key);
                    else state[key] = value;
                }
                Assert.Equal(expected, working.Apply(batches[b]));
                foreach (var (key, value) in state) Assert.Equal(value, working.Get(key));
                if (b % flushEvery != 0) continue;
                working.Flush();
                Assert.False(working.HasUnflushed);
                var fromStore = new SparseMerkleTree(store);
                foreach (var (key, value) in state) Assert.Equal(value, fromStore.Get(expected, key));
                if (!expected.IsZero) Assert.NotNull(store.GetNode(expected));
            }
        }, iter: 300);
    }

    [Fact]
    public void Moving_to_another_state_flushes_the_one_held_and_reads_the_other_from_the_store()
    {
        var store = new InMemorySmtNodeStore();
        var tree = new SparseMerkleTree(store);
        var a = new Hash256([.. Enumerable.Repeat((byte)0x11, 32)]);
        var b = new Hash256([.. Enumerable.Repeat((byte)0x22, 32)]);
        var first = tree.Update(SparseMerkleTree.EmptyRoot, [new(a, [1]), new(b, [2])]);

        var working = new SmtWorkingTree(store);
        working.MoveTo(first);
        Assert.Equal([2], working.Get(b));
        var second = working.Apply([new(a, [3])]);
        Assert.True(working.HasUnflushed);
        Assert.Throws<MissingTreeNodeException>(() => tree.Get(second, a));

        working.MoveTo(first);
        Assert.Equal([1], working.Get(a));
        Assert.Equal([3], tree.Get(second, a)); // flushed when the tree moved
        Assert.Equal(tree.Update(first, [new(a, [3])]), second);

        working.Release();
        Assert.False(working.IsPositioned);
        Assert.Throws<InvalidOperationException>(() => working.Get(a));
    }
}
