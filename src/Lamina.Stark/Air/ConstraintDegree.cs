namespace Lamina.Stark.Air;

/// <summary>
/// The declared degree of one transition constraint: its degree in trace cells (<see cref="TraceDegree"/>),
/// plus, for every periodic column it multiplies, that column's cycle length. For a trace of length n the
/// constraint polynomial then has degree at most TraceDegree·(n − 1) + Σ (n / cycle)·(cycle − 1)
/// (Winterfell's TransitionConstraintDegree). Declaring too low a degree makes the prover fail its degree check.
/// </summary>
public readonly struct ConstraintDegree
{
    public int TraceDegree { get; }
    public IReadOnlyList<int> Cycles { get; }

    public ConstraintDegree(int traceDegree, params int[] cycles)
    {
        if (traceDegree < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(traceDegree), "a constraint has degree at least 1");
        }
        foreach (int c in cycles)
        {
            if (c < 2 || (c & (c - 1)) != 0)
            {
                throw new ArgumentException("cycle lengths are powers of two, at least 2", nameof(cycles));
            }
        }
        TraceDegree = traceDegree;
        Cycles = (int[])cycles.Clone();
    }

    /// <summary>Upper bound on the degree of the constraint polynomial for a trace of length n.</summary>
    public long EvaluationDegree(int traceLength)
    {
        long degree = (long)TraceDegree * (traceLength - 1);
        foreach (int c in Cycles)
        {
            degree += (long)(traceLength / c) * (c - 1);
        }
        return degree;
    }

    /// <summary>
    /// The smallest power of two k for which the constraint's quotient by the transition divisor (degree
    /// <see cref="EvaluationDegree"/> − (n − 1)) has degree below k·n: its values on a coset of k·n points determine it,
    /// so the prover evaluates it there instead of on the whole LDE (a degree-2 constraint on an eighth of the points at
    /// blowup 8). Never more than the blowup factor a proof of this constraint needs.
    /// </summary>
    public int DomainFactor(int traceLength)
    {
        long quotientDegree = EvaluationDegree(traceLength) - (traceLength - 1);
        int factor = 1;
        while ((long)factor * traceLength <= quotientDegree)
        {
            factor <<= 1;
        }
        return factor;
    }
}
