using CsCheck;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;

namespace Lamina.Stark.Tests;

public class CommitmentTests
{
    private static Digest32[] Leaves(int count)
    {
        var leaves = new Digest32[count];
        for (int i = 0; i < count; i++)
        {
            leaves[i] = StarkHasher.Sha256.Hash(StarkHasher.LeafTag, BitConverter.GetBytes(i));
        }
        return leaves;
    }

    [Fact]
    public void BatchOpeningsVerifyAndShareSiblings()
    {
        Digest32[] leaves = Leaves(64);
        var tree = new MerkleTree(leaves, StarkHasher.Sha256);
        Gen.Int[0, 63].Array[1, 12].Sample(raw =>
        {
            int[] indices = raw.Distinct().Order().ToArray();
            Digest32[] proof = tree.OpenBatch(indices);
            Digest32[] opened = indices.Select(i => leaves[i]).ToArray();
            Assert.True(MerkleTree.VerifyBatch(tree.Root, 64, indices, opened, proof, StarkHasher.Sha256));
            Assert.True(proof.Length <= 6 * indices.Length);

            // A wrong leaf, a missing node or an extra node is rejected.
            Digest32[] wrong = (Digest32[])opened.Clone();
            wrong[0] = leaves[(indices[0] + 1) % 64];
            Assert.False(MerkleTree.VerifyBatch(tree.Root, 64, indices, wrong, proof, StarkHasher.Sha256));
            if (proof.Length > 0)
            {
                Assert.False(MerkleTree.VerifyBatch(tree.Root, 64, indices, opened, proof[1..], StarkHasher.Sha256));
            }
            Assert.False(MerkleTree.VerifyBatch(tree.Root, 64, indices, opened, [.. proof, tree.Root], StarkHasher.Sha256));
        }, iter: 300);
    }

    [Fact]
    public void SingleOpeningHasFullPath()
    {
        var tree = new MerkleTree(Leaves(1024), StarkHasher.Sha256);
        Assert.Equal(10, tree.OpenBatch([517]).Length);
        Assert.Single(tree.OpenBatch(Enumerable.Range(0, 1024).Where(i => i != 3).ToArray()));
    }

    [Fact]
    public void LargeTreeRootMatchesSequentialDefinition()
    {
        // Exercises the 8-lane and parallel paths against the one-at-a-time definition of the root.
        Digest32[] leaves = Leaves(1 << 13);
        var tree = new MerkleTree(leaves, StarkHasher.Sha256);
        Digest32[] level = leaves;
        while (level.Length > 1)
        {
            var next = new Digest32[level.Length / 2];
            for (int i = 0; i < next.Length; i++)
            {
                next[i] = StarkHasher.Sha256.HashNode(level[2 * i], level[2 * i + 1]);
            }
            level = next;
        }
        Assert.Equal(level[0], tree.Root);
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(64, 3)]
    [InlineData(1 << 14, 3)]
    public void MemoryLeanTreeMatchesFullTree(int count, int dropped)
    {
        Digest32[] leaves = Leaves(count);
        var full = new MerkleTree(leaves, StarkHasher.Sha256);
        var lean = new MerkleTree(count, dropped, (first, output) => leaves.AsSpan(first, output.Length).CopyTo(output), StarkHasher.Sha256);
        Assert.Equal(full.Root, lean.Root);
        int[] indices = [0, 1, 7, 9, 33, count - 1];
        Assert.Equal(full.OpenBatch(indices), lean.OpenBatch(indices, i => leaves[i]));
        Assert.Throws<InvalidOperationException>(() => lean.OpenBatch(indices));
    }

    [Fact]
    public void TranscriptIsDeterministicAndDomainSeparated()
    {
        var a = new Transcript(StarkHasher.Sha256, "domain-a"u8);
        var b = new Transcript(StarkHasher.Sha256, "domain-a"u8);
        var c = new Transcript(StarkHasher.Sha256, "domain-b"u8);
        a.Absorb([1, 2, 3]);
        b.Absorb([1, 2, 3]);
        c.Absorb([1, 2, 3]);
        Felt3 x = a.DrawFelt3();
        Assert.Equal(x, b.DrawFelt3());
        Assert.NotEqual(x, c.DrawFelt3());
        Assert.NotEqual(x, a.DrawFelt3());
        int[] positions = a.DrawQueryPositions(40, 64);
        Assert.Equal(positions.Order().Distinct(), positions);
        Assert.All(positions, p => Assert.InRange(p, 0, 63));
    }

    [Fact]
    public void ProofOfWorkFindsAndChecksNonce()
    {
        var t = new Transcript(StarkHasher.Sha256, "pow"u8);
        ulong nonce = t.FindProofOfWork(10);
        Assert.True(t.CheckProofOfWork(nonce, 10));
        // The smallest valid nonce was returned, so every smaller one fails.
        for (ulong n = 0; n < nonce; n++)
        {
            Assert.False(t.CheckProofOfWork(n, 10));
        }
    }
}
