using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

/// <summary>
/// The prover gathers only the columns a level's constraints read (<see cref="LevelColumns"/>): the probe finds exactly
/// those, per level and for an AIR evaluated in full; and a level whose constraints read a column the probe did not
/// find (an AIR that hides it from the probe) is refused by the prover's own checks, on a level below the full LDE (the
/// spot check) and on the full LDE (the degree bound), instead of giving a proof of wrong values.
/// </summary>
public class LevelColumnsTests
{
    private static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);

    [Fact]
    public void The_probe_finds_the_columns_each_level_reads()
    {
        var air = new SelectiveAir(byFactor: true);
        int low = air.TransitionDegrees[0].DomainFactor(air.TraceLength), high = air.TransitionDegrees[1].DomainFactor(air.TraceLength);
        Assert.Equal((1, 4), (low, high));

        LevelColumns lowLevel = LevelColumns.Probe(air, [0], low, byFactor: true);
        Assert.Equal([0, 1], lowLevel.Trace);
        Assert.Equal([], lowLevel.Periodic);

        LevelColumns highLevel = LevelColumns.Probe(air, [1], high, byFactor: true);
        Assert.Equal([2], highLevel.Trace);
        Assert.Equal([1], highLevel.Periodic);

        // Evaluated in full on one level: the union, and never the unread columns 3 and 4 or periodic column 0.
        LevelColumns all = LevelColumns.Probe(new SelectiveAir(byFactor: false), [0, 1], high, byFactor: false);
        Assert.Equal([0, 1, 2], all.Trace);
        Assert.Equal([1], all.Periodic);
    }

    [Fact]
    public void An_honest_AIR_seen_through_the_same_wrapper_proves_and_verifies()
    {
        var air = new HidingAir(new FibonacciAir(32, FibonacciAir.ComputeResult(32)), hide: false, declaredDegree: 1);
        StarkVerifier.Verify(air, StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(32), Fast), 0);
    }

    [Theory]
    [InlineData(1)] // level of n points: the spot check at an LDE point outside it
    [InlineData(8)] // the full LDE (blowup 8): the composition's degree bound
    public void A_column_the_probe_missed_is_refused_by_the_prover(int declaredDegree)
    {
        var air = new HidingAir(new FibonacciAir(32, FibonacciAir.ComputeResult(32)), hide: true, declaredDegree);
        var e = Assert.Throws<ProverException>(() => StarkProver.Prove(air, FibonacciAir.BuildTrace(32), Fast));
        Assert.Equal(ProverFailure.ConstraintDegreeExceeded, e.Failure);
    }

    /// <summary>
    /// Five columns, two periodic ones; constraint 0 (degree 1) reads cur[0] and next[1], constraint 1 (degree 3 times
    /// periodic column 1, so on 4n points) reads cur[2]. Columns 3 and 4 and periodic column 0 are read by neither.
    /// </summary>
    private sealed class SelectiveAir(bool byFactor) : StarkAir
    {
        private static readonly ConstraintDegree[] Degrees = [new(1), new(3, 8)];

        public override string Name => "lamina.test.selective";
        public override int TraceWidth => 5;
        public override int TraceLength => 32;
        public override IReadOnlyList<ConstraintDegree> TransitionDegrees => Degrees;
        public override IReadOnlyList<Felt[]> PeriodicColumns => [new Felt[8], new Felt[8]];
        public override IReadOnlyList<Assertion> GetAssertions() => [];
        public override byte[] PublicInputBytes() => [];
        public override bool EvaluatesByDomainFactor => byFactor;

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = next[1] - current[0];
            result[1] = periodic[1] * current[2] * current[2] * current[2];
        }

        public override void EvaluateTransitionByFactor<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result,
            int domainFactor)
        {
            // Only the level's constraint; the other is left as it is, and would read its columns if written.
            if (domainFactor == 1)
            {
                result[0] = next[1] - current[0];
            }
            else
            {
                result[1] = periodic[1] * current[2] * current[2] * current[2];
            }
        }
    }

    /// <summary>
    /// Fibonacci with a declared degree; if <paramref name="hide"/>, its first base-field evaluations (the prover's probe of
    /// the one level: 1 + 2 columns) see column 1 as zero in both rows, so the probe finds only column 0, and the later
    /// ones read the real column 1: the case of a probe that misses a column.
    /// </summary>
    private sealed class HidingAir(FibonacciAir inner, bool hide, int declaredDegree) : StarkAir
    {
        private const int ProbeEvaluations = 3;
        private readonly ConstraintDegree[] _degrees = [new(declaredDegree), new(declaredDegree)];
        private int _evaluations;

        public override string Name => inner.Name;
        public override int TraceWidth => inner.TraceWidth;
        public override int TraceLength => inner.TraceLength;
        public override IReadOnlyList<ConstraintDegree> TransitionDegrees => _degrees;
        public override IReadOnlyList<Assertion> GetAssertions() => inner.GetAssertions();
        public override byte[] PublicInputBytes() => inner.PublicInputBytes();

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
            if (hide && typeof(T) == typeof(Felt) && Interlocked.Increment(ref _evaluations) <= ProbeEvaluations)
            {
                T[] hiddenCurrent = current.ToArray(), hiddenNext = next.ToArray();
                hiddenCurrent[1] = T.Zero;
                hiddenNext[1] = T.Zero;
                inner.EvaluateTransition<T>(hiddenCurrent, hiddenNext, periodic, result);
                return;
            }
            inner.EvaluateTransition(current, next, periodic, result);
        }
    }
}
