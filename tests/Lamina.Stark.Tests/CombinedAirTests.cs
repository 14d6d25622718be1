using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

/// <summary>
/// Two statements in one proof (<see cref="CombinedAir"/>) verify together, and a proof is refused when either part is
/// false; and a cell asserted with two values is refused (version 2's coefficients would give both the same weight).
/// </summary>
public class CombinedAirTests
{
    private static readonly RpoDigest Seed = new(5u, 6u, 7u, 8u);
    private static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);

    private static (CombinedAir Air, TraceTable Trace) Combined(Felt fibonacciResult, RpoDigest? chainResult = null)
    {
        TraceTable chain = RpoHashChainAir.BuildTrace(Seed, 4, out RpoDigest result);
        var right = new RpoHashChainAir(Seed, 4, chainResult ?? result);
        int n = right.TraceLength;
        var air = new CombinedAir(new FibonacciAir(n, fibonacciResult), right);
        return (air, TraceTable.SideBySide(FibonacciAir.BuildTrace(n), chain));
    }

    [Fact]
    public void Both_statements_prove_and_verify_in_one_proof()
    {
        var (air, trace) = Combined(FibonacciAir.ComputeResult(32));
        Assert.Equal(2 + 12, air.TraceWidth);
        StarkVerifier.Verify(air, StarkProver.ProveToBytes(air, trace, Fast), 0);
    }

    [Fact]
    public void A_false_left_or_right_part_gets_no_accepted_proof()
    {
        RpoDigest wrongChain = Rpo256.HashElements([Felt.One]);
        foreach (var (air, trace) in new[] { Combined(FibonacciAir.ComputeResult(32) + Felt.One), Combined(FibonacciAir.ComputeResult(32), wrongChain) })
        {
            Assert.Equal(ProverFailure.AssertionFailed, Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, Fast)).Failure);
            byte[] cheat = ProofCodec.Encode(StarkProver.Prove(air, trace, Fast, skipSelfChecks: true));
            Assert.False(StarkVerifier.TryVerify(air, cheat, out _, 0));
        }
    }

    [Fact]
    public void Parts_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CombinedAir(new FibonacciAir(16, Felt.One), new FibonacciAir(32, Felt.One)));
    }

    [Fact]
    public void A_cell_asserted_with_two_values_is_refused_by_prover_and_verifier()
    {
        var honest = new FibonacciAir(32, FibonacciAir.ComputeResult(32));
        byte[] proof = StarkProver.ProveToBytes(honest, FibonacciAir.BuildTrace(32), Fast);
        var conflicting = new DoubleAssertion(honest);
        Assert.Throws<ArgumentException>(() => StarkProver.Prove(conflicting, FibonacciAir.BuildTrace(32), Fast));
        Assert.Equal(ProofRejection.InvalidAir, Assert.Throws<InvalidProofException>(() => StarkVerifier.Verify(conflicting, proof, 0)).Reason);
    }

    /// <summary>An AIR asserting its last Fibonacci cell twice, once as its result and once as that plus one.</summary>
    private sealed class DoubleAssertion(FibonacciAir inner) : StarkAir
    {
        public override string Name => inner.Name;
        public override int TraceWidth => inner.TraceWidth;
        public override int TraceLength => inner.TraceLength;
        public override IReadOnlyList<ConstraintDegree> TransitionDegrees => inner.TransitionDegrees;
        public override IReadOnlyList<Assertion> GetAssertions() =>
            [.. inner.GetAssertions(), new Assertion(1, TraceLength - 1, inner.Result + Felt.One)];
        public override byte[] PublicInputBytes() => inner.PublicInputBytes();
        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            inner.EvaluateTransition(current, next, periodic, result);
    }
}
