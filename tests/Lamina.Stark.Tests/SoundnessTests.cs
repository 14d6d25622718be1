using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

public class SoundnessTests
{
    private static readonly RpoDigest Seed = new(11u, 22u, 33u, 44u);

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 17)]
    [InlineData(0, 31)]
    [InlineData(1, 0)]
    public void FibonacciTraceWithOneWrongCellCannotProduceAValidProof(int column, int row)
    {
        int n = 32;
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        TraceTable trace = FibonacciAir.BuildTrace(n);
        trace[column, row] += Felt.One;
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly(4, 2);

        // An honest prover refuses.
        var e = Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, options));
        Assert.True(e.Failure is ProverFailure.ConstraintDegreeExceeded or ProverFailure.AssertionFailed);

        // A cheating prover that skips its own checks produces a proof the verifier rejects.
        byte[] forged = StarkProver.Prove(air, trace, options, skipSelfChecks: true).ToBytes();
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, forged, 0));
    }

    [Theory]
    [InlineData(4, 9)]
    [InlineData(11, 30)]
    [InlineData(0, 8)]
    [InlineData(7, 63)]
    public void HashChainTraceWithOneWrongCellCannotProduceAValidProof(int column, int row)
    {
        TraceTable trace = RpoHashChainAir.BuildTrace(Seed, 8, out RpoDigest result);
        var air = new RpoHashChainAir(Seed, 8, result);
        trace[column, row] += Felt.One;
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly();
        Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, options));
        byte[] forged = StarkProver.Prove(air, trace, options, skipSelfChecks: true).ToBytes();
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, forged, 0));
    }

    [Theory]
    [InlineData(5, 11)]
    [InlineData(12, 16)]
    [InlineData(9, 0)]
    [InlineData(2, 31)]
    public void MerklePathTraceWithOneWrongCellCannotProduceAValidProof(int column, int row)
    {
        RpoDigest leaf = Rpo256.HashElements([1u]);
        RpoDigest[] siblings = [Rpo256.HashElements([2u]), Rpo256.HashElements([3u]), Rpo256.HashElements([4u]), Rpo256.HashElements([5u])];
        RpoDigest root = RpoMerklePathAir.ComputeRoot(leaf, 6, siblings);
        var air = new RpoMerklePathAir(leaf, 6, 4, root);
        TraceTable trace = RpoMerklePathAir.BuildTrace(leaf, 6, siblings);
        trace[column, row] += Felt.One;
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly();
        Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, options));
        byte[] forged = StarkProver.Prove(air, trace, options, skipSelfChecks: true).ToBytes();
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, forged, 0));
    }

    [Fact]
    public void ConstraintWithTooLowDeclaredDegreeIsCaught()
    {
        var air = new CubingAir(64, declaredDegree: 2);
        TraceTable trace = CubingAir.BuildTrace(64);
        var e = Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, ProofOptions.InsecureFastForTestsOnly(4)));
        Assert.Equal(ProverFailure.ConstraintDegreeExceeded, e.Failure);

        // Forcing the proof out anyway does not help: the truncated composition fails the OOD check.
        byte[] forged = StarkProver.Prove(air, trace, ProofOptions.InsecureFastForTestsOnly(4), skipSelfChecks: true).ToBytes();
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, forged, 0));

        // Declared honestly, the same statement proves and verifies.
        var honest = new CubingAir(64, declaredDegree: 3);
        StarkVerifier.Verify(honest, StarkProver.ProveToBytes(honest, trace, ProofOptions.InsecureFastForTestsOnly(4)), 0);
    }

    [Fact]
    public void BlowupTooSmallForConstraintDegreeIsRefused()
    {
        TraceTable trace = RpoHashChainAir.BuildTrace(Seed, 2, out RpoDigest result);
        var air = new RpoHashChainAir(Seed, 2, result);
        var e = Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, ProofOptions.InsecureFastForTestsOnly(4)));
        Assert.Equal(ProverFailure.UnsupportedOptions, e.Failure);
    }

    [Fact]
    public void InsecureOptionsAreRejectedByDefault()
    {
        int n = 16;
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), ProofOptions.InsecureFastForTestsOnly());
        var e = Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, proof));
        Assert.Equal(ProofRejection.InsufficientSecurity, e.Reason);
    }

    [Fact]
    public void ProofForOneAirDoesNotVerifyForAnother()
    {
        int n = 64;
        var fib = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        byte[] proof = StarkProver.ProveToBytes(fib, FibonacciAir.BuildTrace(n), ProofOptions.InsecureFastForTestsOnly());
        var longer = new FibonacciAir(128, FibonacciAir.ComputeResult(128));
        Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(longer, proof, 0));
    }

    [Fact]
    public void FlippingAnyByteOfASmallProofIsRejected()
    {
        int n = 16;
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly(4, 2) with { GrindingBits = 4 };
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), options);
        StarkVerifier.Verify(air, proof, 0);

        int accepted = 0;
        Parallel.For(0, proof.Length, i =>
        {
            foreach (byte mask in new byte[] { 0x01, 0x80 })
            {
                byte[] copy = (byte[])proof.Clone();
                copy[i] ^= mask;
                if (StarkVerifier.TryVerify(air, copy, out _, 0))
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        });
        Assert.Equal(0, accepted);
    }

    [Fact]
    public void TruncatedOrExtendedProofIsRejected()
    {
        int n = 16;
        var air = new FibonacciAir(n, FibonacciAir.ComputeResult(n));
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(n), ProofOptions.InsecureFastForTestsOnly(4, 2));
        for (int len = 0; len < proof.Length; len++)
        {
            var e = Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, proof.AsSpan(0, len), 0));
            Assert.True(e.Reason is ProofRejection.Malformed or ProofRejection.UnsupportedVersion);
        }
        byte[] extended = [.. proof, 0];
        Assert.Equal(ProofRejection.Malformed, Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(air, extended, 0)).Reason);
    }

    /// <summary>
    /// x_(i+1) = x_i³ + 1: a degree-3 constraint. Its quotient needs two composition columns; declaring degree 2
    /// claims one, which the degree check must catch.
    /// </summary>
    private sealed class CubingAir(int traceLength, int declaredDegree) : StarkAir
    {
        public override string Name => "test.cubing";
        public override int TraceWidth => 1;
        public override int TraceLength => traceLength;
        public override IReadOnlyList<ConstraintDegree> TransitionDegrees => [new ConstraintDegree(declaredDegree)];
        public override IReadOnlyList<Assertion> GetAssertions() => [new Assertion(0, 0, 3u)];
        public override byte[] PublicInputBytes() => [];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[0] - (current[0] * current[0] * current[0] + T.One);

        public static TraceTable BuildTrace(int n)
        {
            var t = new TraceTable(1, n);
            Felt x = 3u;
            for (int i = 0; i < n; i++)
            {
                t[0, i] = x;
                x = x * x * x + Felt.One;
            }
            return t;
        }
    }
}
