using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>
/// Two radix-2 stages of <see cref="Ntt"/> (halves h and 2h) as one radix-4 step. For j &lt; h and W = ω_(4h)^j the
/// two stages map the quad (a0, a1, a2, a3) = (x[j], x[j+h], x[j+2h], x[j+3h]) to
/// <code>
///   x[j]    = (a0 + W²a1) + (W a2 + W³a3)       x[j+2h] = (a0 + W²a1) − (W a2 + W³a3)
///   x[j+h]  = (a0 − W²a1) + ω4(W a2 − W³a3)      x[j+3h] = (a0 − W²a1) − ω4(W a2 − W³a3)
/// </code>
/// with ω4 = ω_(4h)^h = ±2^48: three full products and a shift-and-reduce per quad where the two radix-2 stages
/// do four full products, and one pass over the data instead of two. The field values are the same, and the transform's
/// last pass makes every output canonical, so its results are bit-identical to the radix-2 stages'.
/// </summary>
internal static class Radix4Butterflies
{
    private const ulong TwoTo48 = 1UL << 48;

    /// <summary>Whether the transform's fourth root of unity (the twiddle ω_4^1) is +2^48 rather than −2^48.</summary>
    public static bool IsPlusTwoTo48(Felt omega4)
    {
        if (omega4.Value != TwoTo48 && omega4.Value != Felt.Modulus - TwoTo48)
        {
            throw new InvalidOperationException("a fourth root of unity in Goldilocks is ±2^48");
        }
        return omega4.Value == TwoTo48;
    }

    /// <summary>
    /// The first two stages (halves 1 and 2: twiddles 1 and (1, ω4)) on consecutive quads. Four quads are loaded as a
    /// 4 × 4 block and transposed, so each vector holds one position of four quads and the step runs in four lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void FirstTwoStages(Felt* s, int length, bool plus, Felt omega4)
    {
        int i = 0;
        if (GoldilocksVector.IsSupported)
        {
            // Inputs are canonical (this is a transform's first pass); outputs are representatives (a later pass follows
            // whenever a block of 16 is transformed). Bounds as in ShiftedLanes: every sum and difference has a canonical
            // second operand or a canonical subtrahend.
            for (; i + 16 <= length; i += 16)
            {
                ulong* q = (ulong*)(s + i);
                Transpose(Vector256.Load(q), Vector256.Load(q + 4), Vector256.Load(q + 8), Vector256.Load(q + 12),
                    out Vector256<ulong> a, out Vector256<ulong> b, out Vector256<ulong> c, out Vector256<ulong> d);
                Vector256<ulong> aShifted = ShiftedLanes.Flip(a);
                Vector256<ulong> cShifted = ShiftedLanes.Flip(c);
                Vector256<ulong> x0 = ShiftedLanes.Add(aShifted, b);
                Vector256<ulong> x1 = ShiftedLanes.Subtract(aShifted, b);
                Vector256<ulong> x2 = ShiftedLanes.Canonical(ShiftedLanes.Add(cShifted, d));
                Vector256<ulong> rotated = ShiftedLanes.Canonical(ShiftedLanes.MultiplyByTwoTo48(ShiftedLanes.Flip(ShiftedLanes.Subtract(cShifted, d))));
                Vector256<ulong> plusRotated = ShiftedLanes.Flip(ShiftedLanes.Add(rotated, ShiftedLanes.Flip(x1)));
                Vector256<ulong> minusRotated = ShiftedLanes.SubtractShifted(x1, rotated);
                Transpose(ShiftedLanes.Flip(ShiftedLanes.Add(x0, ShiftedLanes.Flip(x2))), plus ? plusRotated : minusRotated,
                    ShiftedLanes.SubtractShifted(x0, x2), plus ? minusRotated : plusRotated,
                    out Vector256<ulong> r0, out Vector256<ulong> r1, out Vector256<ulong> r2, out Vector256<ulong> r3);
                r0.Store(q);
                r1.Store(q + 4);
                r2.Store(q + 8);
                r3.Store(q + 12);
            }
        }
        for (; i < length; i += 4)
        {
            Felt x0 = s[i] + s[i + 1];
            Felt x1 = s[i] - s[i + 1];
            Felt x2 = s[i + 2] + s[i + 3];
            Felt t = (s[i + 2] - s[i + 3]) * omega4;
            s[i] = x0 + x2;
            s[i + 2] = x0 - x2;
            s[i + 1] = x1 + t;
            s[i + 3] = x1 - t;
        }
    }

    /// <summary>Rows (v0..v3) of a 4 × 4 block of 64-bit lanes → its columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(Vector256<ulong> v0, Vector256<ulong> v1, Vector256<ulong> v2, Vector256<ulong> v3,
        out Vector256<ulong> c0, out Vector256<ulong> c1, out Vector256<ulong> c2, out Vector256<ulong> c3)
    {
        Vector256<ulong> t0 = Avx2.UnpackLow(v0, v1);
        Vector256<ulong> t1 = Avx2.UnpackHigh(v0, v1);
        Vector256<ulong> t2 = Avx2.UnpackLow(v2, v3);
        Vector256<ulong> t3 = Avx2.UnpackHigh(v2, v3);
        c0 = Avx2.Permute2x128(t0, t2, 0x20);
        c1 = Avx2.Permute2x128(t1, t3, 0x20);
        c2 = Avx2.Permute2x128(t0, t2, 0x31);
        c3 = Avx2.Permute2x128(t1, t3, 0x31);
    }

    /// <summary>
    /// Quads j in [from, to) of one group of 4h elements. <paramref name="tw"/> is the stage-ordered twiddle table
    /// (entries [h, 2h) hold ω_(2h)^j) and <paramref name="cubes"/> the table of ω_(4h)^(3j) at [2h, 3h). Inputs may be
    /// any representatives; <typeparamref name="TStore"/> says whether the outputs are made canonical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Step<TStore>(Felt* group, int h, Felt* tw, Felt* cubes, int from, int to, bool plus, Felt omega4)
        where TStore : struct, ILaneStore
    {
        Felt* x0 = group;
        Felt* x1 = group + h;
        Felt* x2 = group + 2 * h;
        Felt* x3 = group + 3 * h;
        Felt* w1 = tw + 2 * h;
        Felt* w2 = tw + h;
        Felt* w3 = cubes + 2 * h;
        int j = from;
        if (GoldilocksVector.IsSupported)
        {
            // rotated = 2^48·(W a2 − W³a3); with ω4 = −2^48 the roles of x[j+h] and x[j+3h] swap.
            Felt* plusTarget = plus ? x1 : x3;
            Felt* minusTarget = plus ? x3 : x1;
            for (; j + 4 <= to; j += 4)
            {
                // Canonical where a later sum or difference needs it (see ShiftedLanes): m1, m3, sum23 and rotated.
                Vector256<ulong> m1 = ShiftedLanes.Canonical(Twiddled(x1 + j, w2 + j));
                Vector256<ulong> m2 = Twiddled(x2 + j, w1 + j);
                Vector256<ulong> m3 = ShiftedLanes.Canonical(Twiddled(x3 + j, w3 + j));
                Vector256<ulong> a0 = Vector256.Load((ulong*)(x0 + j));
                Vector256<ulong> sum01 = ShiftedLanes.Add(m1, a0);
                Vector256<ulong> diff01 = ShiftedLanes.SubtractShifted(ShiftedLanes.Flip(a0), m1);
                Vector256<ulong> sum23 = ShiftedLanes.Canonical(ShiftedLanes.Add(m2, ShiftedLanes.Flip(m3)));
                Vector256<ulong> rotated = ShiftedLanes.Canonical(ShiftedLanes.MultiplyByTwoTo48(ShiftedLanes.SubtractShifted(m2, m3)));
                TStore.FromShifted(ShiftedLanes.Add(sum01, ShiftedLanes.Flip(sum23)), x0 + j);
                TStore.FromPlain(ShiftedLanes.SubtractShifted(sum01, sum23), x2 + j);
                TStore.FromShifted(ShiftedLanes.Add(rotated, diff01), plusTarget + j);
                TStore.FromPlain(ShiftedLanes.SubtractShifted(ShiftedLanes.Flip(diff01), rotated), minusTarget + j);
            }
        }
        for (; j < to; j++)
        {
            // Earlier vector passes may have left representatives: read them as field elements.
            Felt m1 = Read(x1 + j) * w2[j];
            Felt m2 = Read(x2 + j) * w1[j];
            Felt m3 = Read(x3 + j) * w3[j];
            Felt a0 = Read(x0 + j);
            Felt sum01 = a0 + m1;
            Felt diff01 = a0 - m1;
            Felt sum23 = m2 + m3;
            Felt rotated = (m2 - m3) * omega4;
            x0[j] = sum01 + sum23;
            x2[j] = sum01 - sum23;
            x1[j] = diff01 + rotated;
            x3[j] = diff01 - rotated;
        }
    }

    /// <summary>(x·w)_s for four values and their twiddles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<ulong> Twiddled(Felt* x, Felt* w) =>
        ShiftedLanes.Multiply(Vector256.Load((ulong*)x), Vector256.Load((ulong*)w));

    /// <summary>The field element a representative stands for (its canonical form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Felt Read(Felt* at) => Felt.FromU64(*(ulong*)at);
}
