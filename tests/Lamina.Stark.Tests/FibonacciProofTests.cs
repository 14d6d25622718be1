using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

public class FibonacciProofTests
{
    [Theory]
    [InlineData(8, 2, 2)]
    [InlineData(16, 4, 4)]
    [InlineData(64, 8, 8)]
    [InlineData(1024, 4, 2)]
    [InlineData(4096, 2, 8)]
    public void HonestProofVerifiesWithFastOptions(int n, int blowup, int folding)
    {
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly(blowup, folding);
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), options);
        StarkVerifier.Verify(air, proof, minimumSecurityBits: 0);
    }

    [Fact]
    public void HonestProofVerifiesWithDefaultOptions()
    {
        int n = 1024;
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), ProofOptions.Default);
        Assert.True(SecurityEstimator.ConjecturedBits(ProofOptions.Default, n) >= 100);
        StarkVerifier.Verify(air, proof);
    }

    [Fact]
    public void WrongPublicResultIsRejected()
    {
        int n = 64;
        Felt result = FibonacciAir.ComputeResult(n);
        var air = new FibonacciAir(n, result);
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), ProofOptions.InsecureFastForTestsOnly());
        var wrong = new FibonacciAir(n, result + Felt.One);
        var e = Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(wrong, proof, 0));
        Assert.Equal(ProofRejection.OodConstraintMismatch, e.Reason);
    }
}
