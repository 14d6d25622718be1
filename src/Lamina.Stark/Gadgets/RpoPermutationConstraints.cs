using System.Runtime.InteropServices;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

// Reusable part of the library (not an example): it lives in Gadgets/ but keeps the namespace Lamina.Stark.Examples,
// because the ZK rollup's batch AIR is being built on it under that name. Rename the namespace to Lamina.Stark.Gadgets
// in one step once that code has merged.
namespace Lamina.Stark.Examples;

/// <summary>
/// Reusable constraints for RPO-256 inside an AIR, in the layout of Winterfell's Rescue example and Miden's
/// hasher chiplet: one permutation per 8 rows, the 12 state columns holding the state before round r on
/// row 8k + r (r = 0..6) and the permutation output on row 8k + 7.
/// <para>
/// The inverse S-box x^(1/7) would have enormous degree, so the round is checked "from both ends":
/// next^7 == MDS((MDS(current) + ARK1)^7) + ARK2, which has degree 7 in the trace.
/// </para>
/// <para>
/// Periodic columns (cycle 8), in this order: the round selector (1 on rows 0..6 of a cycle, 0 on row 7),
/// then the 12 ARK1 constants, then the 12 ARK2 constants of the row's round (zero on row 7).
/// </para>
/// </summary>
public static class RpoPermutationConstraints
{
    public const int StateWidth = Rpo256.StateWidth;
    public const int CycleLength = 8;
    public const int PeriodicColumnCount = 1 + 2 * StateWidth;

    /// <summary>Index of the round selector among the periodic columns.</summary>
    public const int RoundSelector = 0;

    private static readonly Felt[][] Columns = BuildPeriodicColumns();

    /// <summary>The 25 periodic columns described above (each of length 8).</summary>
    public static IReadOnlyList<Felt[]> PeriodicColumns => Columns;

    /// <summary>
    /// Writes next^7 − (MDS((MDS(current) + ARK1)^7) + ARK2) for the 12 state columns into result.
    /// <paramref name="periodic"/> must start with this class's 25 periodic columns.
    /// </summary>
    public static void EvaluateRound<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        where T : unmanaged, IStarkField<T>
    {
        if (typeof(T) == typeof(Felt) && GoldilocksVector.IsSupported)
        {
            // Prover hot path: the same constraint with the state in AVX2 vectors.
            RpoVectorKernel.EvaluateRoundConstraint(
                MemoryMarshal.Cast<T, ulong>(current[..StateWidth]), MemoryMarshal.Cast<T, ulong>(next[..StateWidth]),
                MemoryMarshal.Cast<T, ulong>(periodic.Slice(1, StateWidth)),
                MemoryMarshal.Cast<T, ulong>(periodic.Slice(1 + StateWidth, StateWidth)),
                MemoryMarshal.Cast<T, ulong>(result[..StateWidth]));
            return;
        }
        EvaluateRoundGeneric(current, next, periodic, result);
    }

    /// <summary>The field-generic form; the verifier (over <see cref="Felt3"/>) always uses this one.</summary>
    internal static void EvaluateRoundGeneric<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        where T : unmanaged, IStarkField<T>
    {
        Span<T> mid = stackalloc T[StateWidth];
        Mds(current[..StateWidth], mid);
        for (int j = 0; j < StateWidth; j++)
        {
            mid[j] = Pow7(mid[j] + periodic[1 + j]);
        }
        Span<T> rhs = stackalloc T[StateWidth];
        Mds(mid, rhs);
        for (int j = 0; j < StateWidth; j++)
        {
            result[j] = Pow7(next[j]) - (rhs[j] + periodic[1 + StateWidth + j]);
        }
    }

    public static T Pow7<T>(T x) where T : unmanaged, IStarkField<T>
    {
        T x2 = x * x;
        T x4 = x2 * x2;
        return x4 * x2 * x;
    }

    /// <summary>MDS product; over the base field it takes the fast exact-accumulation path of <see cref="Rpo256"/>.</summary>
    public static void Mds<T>(ReadOnlySpan<T> state, Span<T> output) where T : unmanaged, IStarkField<T>
    {
        if (typeof(T) == typeof(Felt))
        {
            ReadOnlySpan<Felt> s = MemoryMarshal.Cast<T, Felt>(state);
            Span<Felt> o = MemoryMarshal.Cast<T, Felt>(output);
            s.CopyTo(o);
            Rpo256.ApplyMds(o);
            return;
        }
        for (int i = 0; i < StateWidth; i++)
        {
            T acc = T.Zero;
            ulong[] row = Rpo256.Mds[i];
            for (int j = 0; j < StateWidth; j++)
            {
                acc += T.MulBase(state[j], Felt.FromU64(row[j]));
            }
            output[i] = acc;
        }
    }

    /// <summary>Fills 8 rows starting at <paramref name="startRow"/> with the permutation of <paramref name="state"/>; returns the output state.</summary>
    public static void FillPermutation(Air.TraceTable trace, int startRow, Span<Felt> state, int firstColumn = 0)
    {
        for (int r = 0; r < CycleLength; r++)
        {
            for (int j = 0; j < StateWidth; j++)
            {
                trace[firstColumn + j, startRow + r] = state[j];
            }
            if (r < Rpo256.Rounds)
            {
                Rpo256.ApplyRound(state, r);
            }
        }
    }

    private static Felt[][] BuildPeriodicColumns()
    {
        var columns = new Felt[PeriodicColumnCount][];
        for (int k = 0; k < PeriodicColumnCount; k++)
        {
            columns[k] = new Felt[CycleLength];
        }
        for (int r = 0; r < Rpo256.Rounds; r++)
        {
            columns[RoundSelector][r] = Felt.One;
            for (int j = 0; j < StateWidth; j++)
            {
                columns[1 + j][r] = Rpo256.Ark1[r][j];
                columns[1 + StateWidth + j][r] = Rpo256.Ark2[r][j];
            }
        }
        return columns;
    }
}
