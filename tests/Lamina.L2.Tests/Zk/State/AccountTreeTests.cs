using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Tests.Zk.State;

public sealed class AccountTreeTests
{
    private static readonly ZkPublicKey Key = ZkSigningKey.FromSeed(new byte[32]).PublicKey;

    [Fact]
    public void The_empty_tree_has_the_precomputed_root_and_depth_24()
    {
        Assert.True(AccountTree.Depth >= 24);
        Assert.Equal(AccountTree.EmptyRoot, new AccountTree().Root);
        Assert.Equal(Rpo256.Merge(AccountTree.EmptySubtree(0), AccountTree.EmptySubtree(0)), AccountTree.EmptySubtree(1));
    }

    [Fact]
    public void Paths_hash_to_the_root_and_clearing_restores_it()
    {
        var tree = new AccountTree();
        var rng = new TestRng(3);
        var touched = new List<uint>();
        for (int i = 0; i < 20; i++)
        {
            uint index = (uint)rng.Next((int)AccountTree.Capacity);
            touched.Add(index);
            tree.Set(index, new AccountLeaf(Key, rng.NextU64() >> 2, (uint)i));
            foreach (uint t in touched)
            {
                Assert.Equal(tree.Root, AccountTree.RootFromPath(tree.Get(t), t, tree.Siblings(t)));
            }
        }
        var copy = tree.Clone();
        Assert.Equal(tree.Root, copy.Root);
        foreach (uint t in touched)
        {
            tree.Set(t, AccountLeaf.Empty);
        }
        Assert.Equal(AccountTree.EmptyRoot, tree.Root);
        Assert.Equal(0, tree.Count);
        Assert.NotEqual(copy.Root, tree.Root);
    }

    [Fact]
    public void Leaves_are_validated()
    {
        var tree = new AccountTree();
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Set(AccountTree.Capacity, new AccountLeaf(Key, 1, 0)));
        Assert.Throws<ArgumentException>(() => tree.Set(1, new AccountLeaf(null, 1, 0)));
        Assert.Throws<InvalidOperationException>(() => tree.Set(1, new AccountLeaf(Key, AccountLeaf.MaxBalance + 1, 0)));
    }

    [Fact]
    public void The_state_root_binds_the_priority_counter()
    {
        var a = new ZkState();
        var b = new ZkState();
        b.PriorityOpsProcessed = 1;
        Assert.NotEqual(a.Root, b.Root);
        Assert.Equal(ZkState.ComputeRoot(AccountTree.EmptyRoot, 0), a.Root);
    }
}
