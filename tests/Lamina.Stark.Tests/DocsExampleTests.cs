using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

/// <summary>The AIR from docs/stark.md, compiled and proved so the documentation cannot rot.</summary>
public class DocsExampleTests
{
    /// Proves: starting from x_0 = 3, iterating x -> x^3 + k for n steps ends at `result`.
    public sealed class CubeChainAir(int traceLength, Felt k, Felt result) : StarkAir
    {
        public override string Name => "myproject.cube-chain.v1";
        public override int TraceWidth => 1;
        public override int TraceLength => traceLength;
        public override IReadOnlyList<ConstraintDegree> TransitionDegrees => [new ConstraintDegree(3)];

        public override IReadOnlyList<Assertion> GetAssertions() =>
            [new Assertion(0, 0, 3u), new Assertion(0, TraceLength - 1, result)];

        public override byte[] PublicInputBytes() =>
            [.. BitConverter.GetBytes(k.Value), .. BitConverter.GetBytes(result.Value)];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next,
            ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = next[0] - (current[0] * current[0] * current[0] + T.FromBase(k));
        }
    }

    [Fact]
    public void DocumentedAirProvesAndVerifiesWithDefaultOptions()
    {
        int n = 256;
        Felt k = 42u;
        var trace = new TraceTable(1, n);
        Felt x = 3u;
        for (int i = 0; i < n; i++)
        {
            trace[0, i] = x;
            x = x * x * x + k;
        }
        var air = new CubeChainAir(n, k, trace[0, n - 1]);
        byte[] proof = StarkProver.ProveToBytes(air, trace, ProofOptions.Default);
        StarkVerifier.Verify(air, proof);
        Assert.True(StarkVerifier.TryVerify(air, proof, out ProofRejection? why));
        Assert.Null(why);
        Assert.False(StarkVerifier.TryVerify(new CubeChainAir(n, k + Felt.One, trace[0, n - 1]), proof, out why));
        Assert.NotNull(why);
    }
}
