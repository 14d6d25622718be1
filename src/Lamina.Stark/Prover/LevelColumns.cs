using Lamina.Stark.Air;
using Lamina.Stark.Field;

namespace Lamina.Stark.Prover;

/// <summary>
/// The trace and periodic columns that one level's constraints (those the prover evaluates on one coset) read, found
/// by probing the AIR: its constraints are evaluated at a random pair of rows, then again with one column changed to
/// other random values (in the current and the next row, or the periodic row); a column whose change moves none of
/// the level's values is not read there. A constraint is a polynomial of low degree (at most 7 here), so one that reads
/// a column changes under a random change of it except with probability about degree/p (2^−61 per column); and the
/// prover's own checks (the level's spot check, the composition's degree bound) would still refuse the level if a
/// column were missed.
/// <para>Why: a level gathers each point's rows from the column-major LDE before evaluating, and a level of low degree
/// reads a fraction of the columns (the ZK batch's 4n level none of the RPO columns, its 8n level little but them);
/// gathering the others cost as much as a third of constraint evaluation. No AIR declares anything, so the sets follow
/// any change of the constraints.</para>
/// </summary>
internal sealed class LevelColumns
{
    private LevelColumns(int[] trace, int[] periodic)
    {
        Trace = trace;
        Periodic = periodic;
    }

    /// <summary>The trace columns the level reads, ascending.</summary>
    public int[] Trace { get; }

    /// <summary>The periodic columns the level reads, ascending.</summary>
    public int[] Periodic { get; }

    /// <summary>Every column: what a level reads when nothing is known (the spot check, which must not trust the probe).</summary>
    public static LevelColumns All(StarkAir air) =>
        new([.. Enumerable.Range(0, air.TraceWidth)], [.. Enumerable.Range(0, air.PeriodicColumns.Count)]);

    /// <summary>
    /// The columns read by the constraints <paramref name="constraints"/>, evaluated as the prover evaluates them on the
    /// coset of <paramref name="domainFactor"/> (by factor when <paramref name="byFactor"/>, else all of them).
    /// </summary>
    public static LevelColumns Probe(StarkAir air, int[] constraints, int domainFactor, bool byFactor)
    {
        int width = air.TraceWidth, periodicWidth = air.PeriodicColumns.Count;
        // A fixed seed: the sets, like the proof, do not change from run to run.
        ulong state = 0x6C65_7665_6C73UL ^ (ulong)domainFactor;
        Felt[] current = RandomRow(width, ref state), next = RandomRow(width, ref state), periodic = RandomRow(periodicWidth, ref state);
        Felt[] baseline = Evaluate(air, current, next, periodic, domainFactor, byFactor);
        var trace = new List<int>();
        for (int c = 0; c < width; c++)
        {
            Felt savedCurrent = current[c], savedNext = next[c];
            current[c] = RandomFelt(ref state);
            next[c] = RandomFelt(ref state);
            if (Changed(baseline, Evaluate(air, current, next, periodic, domainFactor, byFactor), constraints))
            {
                trace.Add(c);
            }
            current[c] = savedCurrent;
            next[c] = savedNext;
        }
        var periodicRead = new List<int>();
        for (int k = 0; k < periodicWidth; k++)
        {
            Felt saved = periodic[k];
            periodic[k] = RandomFelt(ref state);
            if (Changed(baseline, Evaluate(air, current, next, periodic, domainFactor, byFactor), constraints))
            {
                periodicRead.Add(k);
            }
            periodic[k] = saved;
        }
        return new LevelColumns([.. trace], [.. periodicRead]);
    }

    private static Felt[] Evaluate(StarkAir air, Felt[] current, Felt[] next, Felt[] periodic, int domainFactor, bool byFactor)
    {
        // Zeroed: an evaluation by factor may leave the other constraints unwritten, and only the level's are compared.
        var result = new Felt[air.TransitionDegrees.Count];
        if (byFactor)
        {
            air.EvaluateTransitionByFactor<Felt>(current, next, periodic, result, domainFactor);
        }
        else
        {
            air.EvaluateTransition<Felt>(current, next, periodic, result);
        }
        return result;
    }

    private static bool Changed(Felt[] baseline, Felt[] changed, int[] constraints)
    {
        foreach (int t in constraints)
        {
            if (baseline[t] != changed[t])
            {
                return true;
            }
        }
        return false;
    }

    private static Felt[] RandomRow(int length, ref ulong state)
    {
        var row = new Felt[length];
        for (int i = 0; i < length; i++)
        {
            row[i] = RandomFelt(ref state);
        }
        return row;
    }

    /// <summary>SplitMix64, reduced into the field: uniform enough for a polynomial identity test, and deterministic.</summary>
    private static Felt RandomFelt(ref ulong state)
    {
        unchecked
        {
            ulong z = state += 0x9E37_79B9_7F4A_7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return Felt.FromU64(z ^ (z >> 31));
        }
    }
}
