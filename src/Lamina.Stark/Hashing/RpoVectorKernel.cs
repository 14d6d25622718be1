using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lamina.Stark.Field;

namespace Lamina.Stark.Hashing;

/// <summary>
/// The vector path of <see cref="Rpo256"/>: the 12-element state as three 4-lane vectors (lanes 0–3, 4–7,
/// 8–11), Goldilocks arithmetic from <see cref="GoldilocksVector"/> (AVX2, shorter sequences with AVX-512).
/// Values are non-canonical 64-bit representatives inside a permutation and canonical at its end.
/// <para>
/// Almost all the time goes into the inverse S-box: 65 squarings in a row per element, each a chain of
/// dependent instructions, so the three vectors are kept in registers and interleaved step by step to give
/// the CPU three independent chains, and the chain uses the tracked multiplication of
/// <see cref="GoldilocksVector.MultiplyTracked"/> (one correction fewer per step, checked once at the end,
/// recomputed exactly in the rare case the check fails). The work is split into three stages per round,
/// each a separate (non-inlined) method that loads the state from memory and stores it back: that keeps
/// every stage small enough for the JIT to inline all arithmetic and keep every vector in a register (one
/// big method spills). The MDS needs the state in memory anyway, to broadcast its elements, and it adds
/// the round constant for free by starting its accumulators at the constant's halves.
/// </para>
/// </summary>
internal static class RpoVectorKernel
{
    private const int Width = RpoConstants.StateWidth;

    /// <summary>Per round, 24 entries: the low 32-bit halves of the 12 constants, then the high halves.</summary>
    private const int HalvesPerRound = 2 * Width;

    /// <summary>Column j of the MDS matrix at [12j, 12j + 12): rows 0–11 of that column.</summary>
    private static readonly ulong[] MdsColumns = BuildMdsColumns();

    private static readonly ulong[] Ark1Halves = SplitHalves(RpoConstants.Ark1);
    private static readonly ulong[] Ark2Halves = SplitHalves(RpoConstants.Ark2);

    /// <summary>Rounds [fromRound, toRound) on a 12-element state; canonical in, canonical out.</summary>
    public static void Permute(Span<ulong> state, int fromRound, int toRound)
    {
        if (state.Length != Width)
        {
            throw new ArgumentException($"RPO state has {Width} elements", nameof(state));
        }
        ref ulong s = ref MemoryMarshal.GetReference(state);
        for (int round = fromRound; round < toRound; round++)
        {
            MdsArkPow7(ref s, ref MemoryMarshal.GetArrayDataReference(Ark1Halves), HalvesPerRound * round);
            MdsArk(ref s, ref MemoryMarshal.GetArrayDataReference(Ark2Halves), HalvesPerRound * round);
            InverseSbox(ref s);
        }
        Canonicalize(ref s);
    }

    /// <summary>The MDS product alone (no round constant); canonical in, canonical out.</summary>
    public static void Mds(Span<ulong> state)
    {
        if (state.Length != Width)
        {
            throw new ArgumentException($"RPO state has {Width} elements", nameof(state));
        }
        ref ulong s = ref MemoryMarshal.GetReference(state);
        Vector256<ulong> zero = Vector256<ulong>.Zero;
        Mds(ref s, zero, zero, zero, zero, zero, zero, out Vector256<ulong> v0, out Vector256<ulong> v1, out Vector256<ulong> v2);
        Store(ref s, v0, v1, v2);
        Canonicalize(ref s);
    }

    /// <summary>x^(1/7) on all 12 elements; canonical in, canonical out.</summary>
    public static void InverseSbox(Span<ulong> state)
    {
        if (state.Length != Width)
        {
            throw new ArgumentException($"RPO state has {Width} elements", nameof(state));
        }
        ref ulong s = ref MemoryMarshal.GetReference(state);
        InverseSbox(ref s);
        Canonicalize(ref s);
    }

    /// <summary>
    /// The RPO round constraint of <c>RpoPermutationConstraints</c> over the base field:
    /// result = next^7 − (MDS((MDS(current) + ark1)^7) + ark2). All inputs canonical; output canonical.
    /// The constants come from the periodic columns (arbitrary field elements on the LDE domain), so they
    /// are split into halves here and start the MDS accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EvaluateRoundConstraint(
        ReadOnlySpan<ulong> current, ReadOnlySpan<ulong> next, ReadOnlySpan<ulong> ark1, ReadOnlySpan<ulong> ark2, Span<ulong> result)
    {
        if (current.Length != Width || next.Length != Width || ark1.Length != Width || ark2.Length != Width || result.Length != Width)
        {
            throw new ArgumentException($"RPO rows have {Width} elements");
        }
        Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
        ref ulong k1 = ref MemoryMarshal.GetReference(ark1);
        Vector256<ulong> a0 = Vector256.LoadUnsafe(ref k1), a1 = Vector256.LoadUnsafe(ref k1, 4), a2 = Vector256.LoadUnsafe(ref k1, 8);
        Mds(ref MemoryMarshal.GetReference(current),
            a0 & low32, a1 & low32, a2 & low32,
            Avx2.ShiftRightLogical(a0, 32), Avx2.ShiftRightLogical(a1, 32), Avx2.ShiftRightLogical(a2, 32),
            out Vector256<ulong> v0, out Vector256<ulong> v1, out Vector256<ulong> v2);

        Span<ulong> mid = stackalloc ulong[Width];
        ref ulong m = ref MemoryMarshal.GetReference(mid);
        Store(ref m, GoldilocksVector.Pow7(v0), GoldilocksVector.Pow7(v1), GoldilocksVector.Pow7(v2));

        ref ulong k2 = ref MemoryMarshal.GetReference(ark2);
        a0 = Vector256.LoadUnsafe(ref k2);
        a1 = Vector256.LoadUnsafe(ref k2, 4);
        a2 = Vector256.LoadUnsafe(ref k2, 8);
        Mds(ref m,
            a0 & low32, a1 & low32, a2 & low32,
            Avx2.ShiftRightLogical(a0, 32), Avx2.ShiftRightLogical(a1, 32), Avx2.ShiftRightLogical(a2, 32),
            out v0, out v1, out v2);

        ref ulong n = ref MemoryMarshal.GetReference(next);
        Vector256<ulong> n0 = GoldilocksVector.Canonicalize(GoldilocksVector.Pow7(Vector256.LoadUnsafe(ref n)));
        Vector256<ulong> n1 = GoldilocksVector.Canonicalize(GoldilocksVector.Pow7(Vector256.LoadUnsafe(ref n, 4)));
        Vector256<ulong> n2 = GoldilocksVector.Canonicalize(GoldilocksVector.Pow7(Vector256.LoadUnsafe(ref n, 8)));
        Store(ref MemoryMarshal.GetReference(result),
            GoldilocksVector.SubtractCanonical(n0, GoldilocksVector.Canonicalize(v0)),
            GoldilocksVector.SubtractCanonical(n1, GoldilocksVector.Canonicalize(v1)),
            GoldilocksVector.SubtractCanonical(n2, GoldilocksVector.Canonicalize(v2)));
    }

    /// <summary>state ← (MDS(state) + ARK1[round])^7.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MdsArkPow7(ref ulong state, ref ulong arkHalves, int offset)
    {
        ref ulong k = ref Unsafe.Add(ref arkHalves, offset);
        Mds(ref state,
            Vector256.LoadUnsafe(ref k), Vector256.LoadUnsafe(ref k, 4), Vector256.LoadUnsafe(ref k, 8),
            Vector256.LoadUnsafe(ref k, 12), Vector256.LoadUnsafe(ref k, 16), Vector256.LoadUnsafe(ref k, 20),
            out Vector256<ulong> v0, out Vector256<ulong> v1, out Vector256<ulong> v2);
        // x^7 = x^3·x^4, step by step across the three vectors like the inverse S-box.
        Vector256<ulong> p0 = GoldilocksVector.Square(v0), p1 = GoldilocksVector.Square(v1), p2 = GoldilocksVector.Square(v2);
        Vector256<ulong> q0 = GoldilocksVector.Multiply(p0, v0), q1 = GoldilocksVector.Multiply(p1, v1), q2 = GoldilocksVector.Multiply(p2, v2);
        p0 = GoldilocksVector.Square(p0);
        p1 = GoldilocksVector.Square(p1);
        p2 = GoldilocksVector.Square(p2);
        Store(ref state, GoldilocksVector.Multiply(p0, q0), GoldilocksVector.Multiply(p1, q1), GoldilocksVector.Multiply(p2, q2));
    }

    /// <summary>state ← MDS(state) + ARK2[round].</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MdsArk(ref ulong state, ref ulong arkHalves, int offset)
    {
        ref ulong k = ref Unsafe.Add(ref arkHalves, offset);
        Mds(ref state,
            Vector256.LoadUnsafe(ref k), Vector256.LoadUnsafe(ref k, 4), Vector256.LoadUnsafe(ref k, 8),
            Vector256.LoadUnsafe(ref k, 12), Vector256.LoadUnsafe(ref k, 16), Vector256.LoadUnsafe(ref k, 20),
            out Vector256<ulong> v0, out Vector256<ulong> v1, out Vector256<ulong> v2);
        Store(ref state, v0, v1, v2);
    }

    /// <summary>
    /// MDS(state) plus a constant given as split halves (lo, hi: the accumulators' starting values). The
    /// entries are below 32, so each output accumulates exactly from the 32-bit halves of the inputs (sums
    /// below 2^41, constant included) and is reduced once. The round constant rides along for free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mds(ref ulong state,
        Vector256<ulong> lo0, Vector256<ulong> lo1, Vector256<ulong> lo2,
        Vector256<ulong> hi0, Vector256<ulong> hi1, Vector256<ulong> hi2,
        out Vector256<ulong> v0, out Vector256<ulong> v1, out Vector256<ulong> v2)
    {
        ref ulong columns = ref MemoryMarshal.GetArrayDataReference(MdsColumns);
        ref uint halves = ref Unsafe.As<ulong, uint>(ref state);
        for (int j = 0; j < Width; j++)
        {
            // vpmuludq reads the low 32 bits of each lane: broadcasting the whole element supplies its low
            // half, broadcasting its upper 32-bit word (little-endian) supplies the high half. Both are
            // plain loads, no shifts or masks.
            Vector256<uint> l = Vector256.Create(Unsafe.Add(ref state, j)).AsUInt32();
            Vector256<uint> h = Vector256.Create(Unsafe.Add(ref halves, 2 * j + 1));
            ref ulong column = ref Unsafe.Add(ref columns, Width * j);
            Vector256<uint> c0 = Vector256.LoadUnsafe(ref column).AsUInt32();
            Vector256<uint> c1 = Vector256.LoadUnsafe(ref column, 4).AsUInt32();
            Vector256<uint> c2 = Vector256.LoadUnsafe(ref column, 8).AsUInt32();
            lo0 += Avx2.Multiply(l, c0);
            lo1 += Avx2.Multiply(l, c1);
            lo2 += Avx2.Multiply(l, c2);
            hi0 += Avx2.Multiply(h, c0);
            hi1 += Avx2.Multiply(h, c1);
            hi2 += Avx2.Multiply(h, c2);
        }
        v0 = GoldilocksVector.ReduceSplitSum(lo0, hi0);
        v1 = GoldilocksVector.ReduceSplitSum(lo1, hi1);
        v2 = GoldilocksVector.ReduceSplitSum(lo2, hi2);
    }

    /// <summary>
    /// x^(1/7) on the whole state with the deferred borrow check of
    /// <see cref="GoldilocksVector.MultiplyTracked"/>; in the rare case that the check fails (an intermediate
    /// sum below 2^32: about once in a million permutations of random data, or on crafted small values)
    /// the portable scalar path recomputes it exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InverseSbox(ref ulong state)
    {
        if (!TryInverseSbox(ref state))
        {
            Canonicalize(ref state);
            Rpo256.InverseSboxScalar(MemoryMarshal.Cast<ulong, Felt>(MemoryMarshal.CreateSpan(ref state, Width)));
        }
    }

    /// <summary>
    /// x^(1/7) = x^10540996611094048183 with 65 squarings and 8 multiplications. With r_k = Σ_{i&lt;k} 8^i
    /// the exponent is r_10·2^36 + 6·r_11 + 1 = 8·r_10·2^33 + 6·r_11 + 1, and r_11 = 8·r_10 + 1: the three
    /// squarings that give x^(8·r_10) serve both x^(r_11) and the final 33 squarings, and the short
    /// x^(6·r_11 + 1) chain runs beside those 33 (checked in the tests against the plain power).
    /// Stores the result and returns true, or returns false with the state untouched if the deferred check
    /// fails.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static bool TryInverseSbox(ref ulong state)
    {
        Vector256<uint> smallest = Vector256<uint>.AllBitsSet;
        Vector256<ulong> x0 = Vector256.LoadUnsafe(ref state);
        Vector256<ulong> x1 = Vector256.LoadUnsafe(ref state, 4);
        Vector256<ulong> x2 = Vector256.LoadUnsafe(ref state, 8);
        Vector256<ulong> t0 = x0, t1 = x1, t2 = x2;
        // Each step squares all three vectors before the next step, so three independent dependency chains
        // overlap in the pipeline.
        for (int k = 0; k < 3; k++)
        {
            t0 = GoldilocksVector.SquareTracked(t0, ref smallest);
            t1 = GoldilocksVector.SquareTracked(t1, ref smallest);
            t2 = GoldilocksVector.SquareTracked(t2, ref smallest);
        }
        t0 = GoldilocksVector.MultiplyTracked(t0, x0, ref smallest);
        t1 = GoldilocksVector.MultiplyTracked(t1, x1, ref smallest);
        t2 = GoldilocksVector.MultiplyTracked(t2, x2, ref smallest);
        Vector256<ulong> r20 = t0, r21 = t1, r22 = t2;                     // x^(r_2)
        for (int k = 0; k < 6; k++)
        {
            t0 = GoldilocksVector.SquareTracked(t0, ref smallest);
            t1 = GoldilocksVector.SquareTracked(t1, ref smallest);
            t2 = GoldilocksVector.SquareTracked(t2, ref smallest);
        }
        t0 = GoldilocksVector.MultiplyTracked(t0, r20, ref smallest);
        t1 = GoldilocksVector.MultiplyTracked(t1, r21, ref smallest);
        t2 = GoldilocksVector.MultiplyTracked(t2, r22, ref smallest);
        Vector256<ulong> r40 = t0, r41 = t1, r42 = t2;                     // x^(r_4)
        for (int k = 0; k < 12; k++)
        {
            t0 = GoldilocksVector.SquareTracked(t0, ref smallest);
            t1 = GoldilocksVector.SquareTracked(t1, ref smallest);
            t2 = GoldilocksVector.SquareTracked(t2, ref smallest);
        }
        t0 = GoldilocksVector.MultiplyTracked(t0, r40, ref smallest);                            // x^(r_8)
        t1 = GoldilocksVector.MultiplyTracked(t1, r41, ref smallest);
        t2 = GoldilocksVector.MultiplyTracked(t2, r42, ref smallest);
        for (int k = 0; k < 6; k++)
        {
            t0 = GoldilocksVector.SquareTracked(t0, ref smallest);
            t1 = GoldilocksVector.SquareTracked(t1, ref smallest);
            t2 = GoldilocksVector.SquareTracked(t2, ref smallest);
        }
        t0 = GoldilocksVector.MultiplyTracked(t0, r20, ref smallest);                            // x^(r_10)
        t1 = GoldilocksVector.MultiplyTracked(t1, r21, ref smallest);
        t2 = GoldilocksVector.MultiplyTracked(t2, r22, ref smallest);
        for (int k = 0; k < 3; k++)
        {
            t0 = GoldilocksVector.SquareTracked(t0, ref smallest);
            t1 = GoldilocksVector.SquareTracked(t1, ref smallest);
            t2 = GoldilocksVector.SquareTracked(t2, ref smallest);
        }
        Vector256<ulong> u0 = GoldilocksVector.MultiplyTracked(t0, x0, ref smallest);           // x^(r_11)
        Vector256<ulong> u1 = GoldilocksVector.MultiplyTracked(t1, x1, ref smallest);
        Vector256<ulong> u2 = GoldilocksVector.MultiplyTracked(t2, x2, ref smallest);
        Vector256<ulong> s0 = GoldilocksVector.MultiplyTracked(GoldilocksVector.SquareTracked(u0, ref smallest), u0, ref smallest);   // x^(3·r_11)
        Vector256<ulong> s1 = GoldilocksVector.MultiplyTracked(GoldilocksVector.SquareTracked(u1, ref smallest), u1, ref smallest);
        Vector256<ulong> s2 = GoldilocksVector.MultiplyTracked(GoldilocksVector.SquareTracked(u2, ref smallest), u2, ref smallest);
        s0 = GoldilocksVector.MultiplyTracked(GoldilocksVector.SquareTracked(s0, ref smallest), x0, ref smallest);   // x^(6·r_11 + 1)
        s1 = GoldilocksVector.MultiplyTracked(GoldilocksVector.SquareTracked(s1, ref smallest), x1, ref smallest);
        s2 = GoldilocksVector.MultiplyTracked(GoldilocksVector.SquareTracked(s2, ref smallest), x2, ref smallest);
        for (int k = 0; k < 33; k++)
        {
            t0 = GoldilocksVector.SquareTracked(t0, ref smallest);
            t1 = GoldilocksVector.SquareTracked(t1, ref smallest);
            t2 = GoldilocksVector.SquareTracked(t2, ref smallest);
        }
        t0 = GoldilocksVector.MultiplyTracked(t0, s0, ref smallest);                            // x^(r_10·2^36 + 6·r_11 + 1)
        t1 = GoldilocksVector.MultiplyTracked(t1, s1, ref smallest);
        t2 = GoldilocksVector.MultiplyTracked(t2, s2, ref smallest);
        if (GoldilocksVector.AnyBelow2To32(smallest))
        {
            return false;
        }
        Store(ref state, t0, t1, t2);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref ulong state, Vector256<ulong> v0, Vector256<ulong> v1, Vector256<ulong> v2)
    {
        v0.StoreUnsafe(ref state);
        v1.StoreUnsafe(ref state, 4);
        v2.StoreUnsafe(ref state, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Canonicalize(ref ulong state) =>
        Store(ref state,
            GoldilocksVector.Canonicalize(Vector256.LoadUnsafe(ref state)),
            GoldilocksVector.Canonicalize(Vector256.LoadUnsafe(ref state, 4)),
            GoldilocksVector.Canonicalize(Vector256.LoadUnsafe(ref state, 8)));

    private static ulong[] BuildMdsColumns()
    {
        ulong[] columns = new ulong[Width * Width];
        for (int j = 0; j < Width; j++)
        {
            for (int i = 0; i < Width; i++)
            {
                columns[Width * j + i] = RpoConstants.MdsFirstRow[(j - i + Width) % Width];
            }
        }
        return columns;
    }

    private static ulong[] SplitHalves(ulong[][] rounds)
    {
        ulong[] halves = new ulong[HalvesPerRound * rounds.Length];
        for (int r = 0; r < rounds.Length; r++)
        {
            for (int i = 0; i < Width; i++)
            {
                ulong value = Felt.FromU64(rounds[r][i]).Value;
                halves[HalvesPerRound * r + i] = value & 0xFFFF_FFFFUL;
                halves[HalvesPerRound * r + Width + i] = value >> 32;
            }
        }
        return halves;
    }
}
