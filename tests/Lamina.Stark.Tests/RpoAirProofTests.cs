using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

public class RpoAirProofTests
{
    private static readonly RpoDigest Seed = new(1u, 2u, 3u, 4u);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(8, 8)]
    [InlineData(64, 8)]
    [InlineData(3, 2)]
    [InlineData(5, 4)]
    [InlineData(100, 8)]
    public void HashChainProofVerifies(int permutations, int folding)
    {
        var trace = RpoHashChainAir.BuildTrace(Seed, permutations, out RpoDigest result);
        Assert.Equal(RpoHashChainAir.ComputeResult(Seed, permutations), result);
        var air = new RpoHashChainAir(Seed, permutations, result);
        byte[] proof = StarkProver.ProveToBytes(air, trace, ProofOptions.InsecureFastForTestsOnly(8, folding));
        StarkVerifier.Verify(air, proof, 0);
    }

    [Fact]
    public void HashChainProofWithDefaultOptionsVerifies()
    {
        var trace = RpoHashChainAir.BuildTrace(Seed, 16, out RpoDigest result);
        var air = new RpoHashChainAir(Seed, 16, result);
        byte[] proof = StarkProver.ProveToBytes(air, trace, ProofOptions.Default);
        StarkVerifier.Verify(air, proof);
    }

    [Fact]
    public void HashChainWithWrongResultIsRejected()
    {
        var trace = RpoHashChainAir.BuildTrace(Seed, 4, out RpoDigest result);
        var air = new RpoHashChainAir(Seed, 4, result);
        byte[] proof = StarkProver.ProveToBytes(air, trace, ProofOptions.InsecureFastForTestsOnly());
        var wrong = new RpoHashChainAir(Seed, 4, new RpoDigest(result.E0 + Felt.One, result.E1, result.E2, result.E3));
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(wrong, proof, 0));
        var wrongSeed = new RpoHashChainAir(new RpoDigest(9u, 9u, 9u, 9u), 4, result);
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(wrongSeed, proof, 0));

        // Padding does not let a shorter claim through: the 3-permutation result is not the 4-permutation one.
        var shorter = new RpoHashChainAir(Seed, 3, result);
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(shorter, proof, 0));
    }

    [Theory]
    [InlineData(1, 0UL)]
    [InlineData(2, 3UL)]
    [InlineData(4, 0b1010UL)]
    [InlineData(16, 0xBEEFUL)]
    [InlineData(3, 5UL)]
    [InlineData(5, 0b10110UL)]
    [InlineData(20, 0xABCDEUL)]
    public void MerklePathProofVerifies(int depth, ulong index)
    {
        RpoDigest leaf = Rpo256.HashElements([42u]);
        RpoDigest[] siblings = new RpoDigest[depth];
        for (int k = 0; k < depth; k++)
        {
            siblings[k] = Rpo256.HashElements([(uint)k, 7u]);
        }
        RpoDigest root = RpoMerklePathAir.ComputeRoot(leaf, index, siblings);
        var air = new RpoMerklePathAir(leaf, index, depth, root);
        var trace = RpoMerklePathAir.BuildTrace(leaf, index, siblings);
        byte[] proof = StarkProver.ProveToBytes(air, trace, ProofOptions.InsecureFastForTestsOnly(8, 4));
        StarkVerifier.Verify(air, proof, 0);

        // The same proof does not verify for another leaf or index.
        var otherLeaf = new RpoMerklePathAir(Rpo256.HashElements([43u]), index, depth, root);
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(otherLeaf, proof, 0));
        var otherIndex = new RpoMerklePathAir(leaf, index ^ 1, depth, root);
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(otherIndex, proof, 0));
        var otherRoot = new RpoMerklePathAir(leaf, index, depth, Rpo256.Merge(root, root));
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(otherRoot, proof, 0));
    }

    [Fact]
    public void MerklePathProofWithDefaultOptionsVerifies()
    {
        RpoDigest leaf = Rpo256.HashElements([5u]);
        RpoDigest[] siblings = new RpoDigest[8];
        for (int k = 0; k < siblings.Length; k++)
        {
            siblings[k] = Rpo256.HashElements([(uint)k]);
        }
        RpoDigest root = RpoMerklePathAir.ComputeRoot(leaf, 77, siblings);
        var air = new RpoMerklePathAir(leaf, 77, 8, root);
        byte[] proof = StarkProver.ProveToBytes(air, RpoMerklePathAir.BuildTrace(leaf, 77, siblings), ProofOptions.Default);
        StarkVerifier.Verify(air, proof);
    }
}
