using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

/// <summary>
/// The AVX2 and portable paths, and the normal and low-memory provers, must produce byte-identical proofs,
/// otherwise proofs would depend on the prover's CPU or size. Runs the alternative paths by switching them on.
/// </summary>
[Collection(nameof(ScalarPathTests))]
public class ScalarPathTests
{
    private static byte[] ProveChain()
    {
        var seed = new RpoDigest(5u, 6u, 7u, 8u);
        var trace = RpoHashChainAir.BuildTrace(seed, 16, out RpoDigest result);
        return StarkProver.ProveToBytes(new RpoHashChainAir(seed, 16, result), trace, ProofOptions.InsecureFastForTestsOnly(8, 4));
    }

    [Fact]
    public void LowMemoryProverProducesIdenticalProofs()
    {
        byte[] normal = ProveChain();
        int saved = StarkProver.LowMemoryLdeThreshold;
        byte[] lean;
        StarkProver.LowMemoryLdeThreshold = 16;
        try
        {
            lean = ProveChain();
        }
        finally
        {
            StarkProver.LowMemoryLdeThreshold = saved;
        }
        Assert.Equal(normal, lean);
    }

    [Fact]
    public void ScalarAndVectorProversProduceIdenticalProofs()
    {
        byte[] vector = ProveChain();
        RpoDigest vectorDigest = Rpo256.HashElements([1u, 2u, 3u]);
        byte[] scalar;
        RpoDigest scalarDigest;
        GoldilocksVector.ForceScalarForTests = true;
        try
        {
            scalar = ProveChain();
            scalarDigest = Rpo256.HashElements([1u, 2u, 3u]);
        }
        finally
        {
            GoldilocksVector.ForceScalarForTests = false;
        }
        Assert.Equal(vector, scalar);
        Assert.Equal(vectorDigest, scalarDigest);
        var seed = new RpoDigest(5u, 6u, 7u, 8u);
        StarkVerifier.Verify(new RpoHashChainAir(seed, 16, RpoHashChainAir.ComputeResult(seed, 16)), scalar, 0);
    }
}
