using Lamina.Stark.Commitments;
using Lamina.Stark.Examples;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

public class OptionsAndSecurityTests
{
    [Theory]
    [InlineData(1 << 10, 105)]
    [InlineData(1 << 19, 105)]
    [InlineData(1 << 23, 105)]
    public void DefaultOptionsReachAtLeast100ConjecturedBits(int traceLength, int expected)
    {
        // min(192 − log2(n·8), 3·30 + 16) − 1 = 105 for every realistic trace length.
        Assert.Equal(expected, SecurityEstimator.ConjecturedBits(ProofOptions.Default, traceLength));
    }

    [Fact]
    public void SecurityFormulaMatchesWinterfellShape()
    {
        // Below 80 query bits grinding does not count: 4 queries at blowup 8 give 12 − 1 = 11 bits.
        Assert.Equal(11, SecurityEstimator.ConjecturedBits(ProofOptions.InsecureFastForTestsOnly() with { GrindingBits = 20 }, 64));
        // The hash's collision resistance (128) caps everything.
        var huge = ProofOptions.Default with { NumQueries = 60, BlowupFactor = 16 };
        Assert.Equal(128, SecurityEstimator.ConjecturedBits(huge, 1 << 10));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => (ProofOptions.Default with { FoldingFactor = 3 }).Validate());
        Assert.Throws<ArgumentException>(() => (ProofOptions.Default with { BlowupFactor = 6 }).Validate());
        Assert.Throws<ArgumentException>(() => (ProofOptions.Default with { RemainderMaxDegree = 6 }).Validate());
        Assert.Throws<ArgumentException>(() => (ProofOptions.Default with { GrindingBits = 40 }).Validate());
    }

    [Fact]
    public void Blake3CommitmentsProveAndVerify()
    {
        int n = 64;
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly(4, 4) with { Hash = HashAlgorithmId.Blake3 };
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), options);
        StarkVerifier.Verify(air, proof, 0);
        Assert.Equal(HashAlgorithmId.Blake3, StarkProof.FromBytes(proof).Options.Hash);
    }
}
