using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>
/// The last step of <see cref="Ntt.EvaluateOnCoset"/>: point j of small coset k is point j·blowup + k of the large one.
/// </summary>
internal static class CosetInterleave
{
    /// <summary>Below this many points per coset one thread is faster than fanning out.</summary>
    private const int ParallelThreshold = 1 << 16;

    /// <summary>
    /// result[j·cosets.Length + k] = cosets[k][j] for j &lt; m, with sequential writes (a strided scatter per coset would
    /// touch every cache line of the result once per coset).
    /// </summary>
    public static void Interleave(Felt[][] cosets, int m, Felt[] result)
    {
        int factor = cosets.Length;
        if (result.Length != m * factor || cosets.Any(c => c.Length < m))
        {
            throw new ArgumentException("the result must hold every coset's first m points");
        }
        int runs = m >= ParallelThreshold ? m / (ParallelThreshold / 4) : 1;
        int runLength = m / runs;
        Parallel.For(0, runs, r => InterleaveRun(cosets, r * runLength, (r + 1) * runLength, result));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InterleaveRun(Felt[][] cosets, int from, int to, Felt[] result)
    {
        int factor = cosets.Length;
        ref ulong target = ref Unsafe.As<Felt, ulong>(ref MemoryMarshal.GetArrayDataReference(result));
        int j = from;
        if (GoldilocksVector.IsSupported && factor % 4 == 0)
        {
            // Four points of four cosets at a time: the 4 × 4 block (coset, point) transposed gives, for each point,
            // its four cosets' values, which sit next to each other in the result.
            for (; j + 4 <= to; j += 4)
            {
                nuint row = (nuint)j * (nuint)factor;
                for (int k = 0; k < factor; k += 4)
                {
                    Radix4Butterflies.Transpose(Load(cosets[k], j), Load(cosets[k + 1], j), Load(cosets[k + 2], j), Load(cosets[k + 3], j),
                        out Vector256<ulong> c0, out Vector256<ulong> c1, out Vector256<ulong> c2, out Vector256<ulong> c3);
                    nuint at = row + (nuint)k;
                    c0.StoreUnsafe(ref target, at);
                    c1.StoreUnsafe(ref target, at + (nuint)factor);
                    c2.StoreUnsafe(ref target, at + 2 * (nuint)factor);
                    c3.StoreUnsafe(ref target, at + 3 * (nuint)factor);
                }
            }
        }
        for (; j < to; j++)
        {
            int baseIndex = j * factor;
            for (int k = 0; k < factor; k++)
            {
                result[baseIndex + k] = cosets[k][j];
            }
        }
    }

    /// <summary>Points j..j+3 of one coset (the caller checked that every coset holds them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load(Felt[] coset, int j) =>
        Vector256.LoadUnsafe(ref Unsafe.As<Felt, ulong>(ref MemoryMarshal.GetArrayDataReference(coset)), (nuint)j);
}
