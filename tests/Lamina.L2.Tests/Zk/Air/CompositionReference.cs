using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Protocol;
using Lamina.Stark.Prover;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// The composition polynomial by its defining formula, at every LDE point:
/// H(x) = Σ_t α_t·C_t(x)·(x − g^(n−1))/(x^n − 1) + Σ_a β_a·(T_col(x) − v)/(x − g^row),
/// returned as its three base-field components: every constraint on the whole LDE and, with row divisors, one boundary
/// divisor per asserted row. The prover computes the same polynomial faster, level by level on the cosets each
/// constraint's degree needs (<see cref="CompositionEvaluator"/>); <see cref="BoundaryQuotientsTests"/> compares the two.
/// A test oracle, so it stays the plain formula: the AIR row by row, then the combination one point at a time.
/// </summary>
internal static class CompositionReference
{
    private const int ChunkSize = 1 << 12;

    /// <summary>Boundary-divisor cells one chunk may hold (2^18 × 8 B = 2 MiB).</summary>
    private const int MaxDivisorCells = 1 << 18;

    /// <summary>
    /// With <paramref name="rowDivisors"/> the boundary part is computed here, one divisor per asserted row and point;
    /// without it only the transition part is.
    /// </summary>
    internal static Felt[][] Evaluate(
        StarkAir air, StarkDomain domain, Felt[][] traceLde, Felt3[] alphas, Felt3[] betas, Assertion[] assertions, bool rowDivisors)
    {
        if (!rowDivisors)
        {
            assertions = [];
        }
        int n = domain.TraceLength;
        int ldeSize = domain.LdeSize;
        int blowup = domain.Blowup;
        int width = air.TraceWidth;
        int constraintCount = alphas.Length;

        // Periodic columns: P(x) = Q(x^(n/p)) repeats with period p·blowup along the LDE.
        Felt[][] periodicCoefficients = StarkProtocol.PeriodicCoefficients(air);
        Felt[][] periodicTables = new Felt[periodicCoefficients.Length][];
        for (int k = 0; k < periodicTables.Length; k++)
        {
            int p = periodicCoefficients[k].Length;
            periodicTables[k] = Ntt.EvaluateOnCoset(
                periodicCoefficients[k], p * blowup, StarkDomain.Offset.Pow((ulong)(n / p)));
        }

        // x^n takes only `blowup` distinct values on the LDE, so 1/(x^n − 1) is a small table.
        Felt[] vanishingInverse = new Felt[blowup];
        Felt offsetN = StarkDomain.Offset.Pow((ulong)n);
        Felt blowupRoot = Felt.RootOfUnity(Ntt.Log2(blowup));
        for (int i = 0; i < blowup; i++)
        {
            vanishingInverse[i] = offsetN * blowupRoot.Pow((ulong)i) - Felt.One;
        }
        BatchInversion.InvertInPlace<Felt>(vanishingInverse);
        Felt lastRow = domain.TraceGenerator.Pow((ulong)(n - 1));

        // Assertions are sorted by row; each distinct row shares one divisor (x − g^row).
        var rowStarts = new List<int>();
        for (int a = 0; a < assertions.Length; a++)
        {
            if (a == 0 || assertions[a].Row != assertions[a - 1].Row)
            {
                rowStarts.Add(a);
            }
        }
        rowStarts.Add(assertions.Length);
        int groups = rowStarts.Count - 1;
        Felt[] rowPoints = new Felt[groups];
        for (int r = 0; r < groups; r++)
        {
            rowPoints[r] = domain.TraceGenerator.Pow((ulong)assertions[rowStarts[r]].Row);
        }

        // Every element is written by the chunk loop, so the GC need not zero these.
        Felt[][] result =
        [
            GC.AllocateUninitializedArray<Felt>(ldeSize),
            GC.AllocateUninitializedArray<Felt>(ldeSize),
            GC.AllocateUninitializedArray<Felt>(ldeSize),
        ];
        // A chunk holds one boundary divisor per assertion row group and point: with thousands of groups (an AIR with
        // per-segment assertions) a full-size chunk would allocate hundreds of MB per chunk, so chunks shrink to keep
        // that buffer near MaxDivisorCells (a power of two, results are identical).
        int chunkTarget = ChunkSize;
        while (chunkTarget > 4 && (long)groups * chunkTarget > MaxDivisorCells)
        {
            chunkTarget >>= 1;
        }
        int chunks = Math.Max(1, ldeSize / chunkTarget);
        int chunkLength = ldeSize / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * chunkLength;
            Felt[] current = new Felt[width];
            Felt[] next = new Felt[width];
            Felt[] periodic = new Felt[periodicTables.Length];
            Felt[] evaluations = new Felt[constraintCount];
            Felt[] evaluationColumns = new Felt[constraintCount * chunkLength];
            Felt[] transitionFactor = new Felt[chunkLength];
            Felt[] rowDivisors = new Felt[groups * chunkLength];

            // Boundary divisors 1/(x − g^row) for the whole chunk, inverted in one batch, laid out per group.
            Felt x = domain.LdePoint(start);
            for (int i = 0; i < chunkLength; i++)
            {
                for (int r = 0; r < groups; r++)
                {
                    rowDivisors[r * chunkLength + i] = x - rowPoints[r];
                }
                transitionFactor[i] = (x - lastRow) * vanishingInverse[(start + i) & (blowup - 1)];
                x *= domain.LdeGenerator;
            }
            BatchInversion.InvertInPlace<Felt>(rowDivisors);

            // 1. The AIR's transition constraints, row by row.
            for (int i = 0; i < chunkLength; i++)
            {
                int row = start + i;
                int nextIndex = (row + blowup) & (ldeSize - 1);
                for (int c = 0; c < width; c++)
                {
                    current[c] = traceLde[c][row];
                    next[c] = traceLde[c][nextIndex];
                }
                for (int k = 0; k < periodic.Length; k++)
                {
                    Felt[] table = periodicTables[k];
                    periodic[k] = table[row & (table.Length - 1)];
                }
                air.EvaluateTransition<Felt>(current, next, periodic, evaluations);
                for (int t = 0; t < constraintCount; t++)
                {
                    evaluationColumns[t * chunkLength + i] = evaluations[t];
                }
            }

            // 2. Random linear combination with the divisors.
            CombineScalar(traceLde, alphas, betas, assertions, rowStarts, evaluationColumns, transitionFactor,
                rowDivisors, start, chunkLength, result);
        });
        return result;
    }

    private static void CombineScalar(
        Felt[][] traceLde, Felt3[] alphas, Felt3[] betas, Assertion[] assertions, List<int> rowStarts,
        Felt[] evaluationColumns, Felt[] transitionFactor, Felt[] rowDivisors, int start, int chunkLength, Felt[][] result)
    {
        int groups = rowStarts.Count - 1;
        for (int i = 0; i < chunkLength; i++)
        {
            Felt3 acc = Felt3.Zero;
            for (int t = 0; t < alphas.Length; t++)
            {
                acc += alphas[t] * evaluationColumns[t * chunkLength + i];
            }
            acc *= transitionFactor[i];
            for (int r = 0; r < groups; r++)
            {
                Felt3 sum = Felt3.Zero;
                for (int a = rowStarts[r]; a < rowStarts[r + 1]; a++)
                {
                    sum += betas[a] * (traceLde[assertions[a].Column][start + i] - assertions[a].Value);
                }
                acc += sum * rowDivisors[r * chunkLength + i];
            }
            result[0][start + i] = acc.C0;
            result[1][start + i] = acc.C1;
            result[2][start + i] = acc.C2;
        }
    }
}
