using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
/// do four full products, and one pass over the data instead of two. The field values are the same, and every
/// output is canonical, so the transform's results are bit-identical to the radix-2 stages'.
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
    /// Quads j in [from, to) of one group of 4h elements. <paramref name="tw"/> is the stage-ordered twiddle table
    /// (entries [h, 2h) hold ω_(2h)^j) and <paramref name="cubes"/> the table of ω_(4h)^(3j) at [2h, 3h).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Step(Felt* group, int h, Felt* tw, Felt* cubes, int from, int to, bool plus, Felt omega4)
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
            for (; j + 4 <= to; j += 4)
            {
                Vector256<ulong> a0 = Vector256.Load((ulong*)(x0 + j));
                Vector256<ulong> m1 = GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(Vector256.Load((ulong*)(x1 + j)), Vector256.Load((ulong*)(w2 + j))));
                Vector256<ulong> m2 = GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(Vector256.Load((ulong*)(x2 + j)), Vector256.Load((ulong*)(w1 + j))));
                Vector256<ulong> m3 = GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(Vector256.Load((ulong*)(x3 + j)), Vector256.Load((ulong*)(w3 + j))));
                Vector256<ulong> sum01 = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(a0, m1));
                Vector256<ulong> diff01 = GoldilocksVector.SubtractCanonical(a0, m1);
                Vector256<ulong> sum23 = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(m2, m3));
                Vector256<ulong> rotated = GoldilocksVector.Canonicalize(GoldilocksVector.MultiplyByTwoTo48(GoldilocksVector.SubtractCanonical(m2, m3)));
                GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(sum01, sum23)).Store((ulong*)(x0 + j));
                GoldilocksVector.SubtractCanonical(sum01, sum23).Store((ulong*)(x2 + j));
                // rotated = 2^48·(W a2 − W³a3); with ω4 = −2^48 the roles of x[j+h] and x[j+3h] swap.
                Vector256<ulong> plusRotated = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(diff01, rotated));
                Vector256<ulong> minusRotated = GoldilocksVector.SubtractCanonical(diff01, rotated);
                (plus ? plusRotated : minusRotated).Store((ulong*)(x1 + j));
                (plus ? minusRotated : plusRotated).Store((ulong*)(x3 + j));
            }
        }
        for (; j < to; j++)
        {
            Felt m1 = x1[j] * w2[j];
            Felt m2 = x2[j] * w1[j];
            Felt m3 = x3[j] * w3[j];
            Felt sum01 = x0[j] + m1;
            Felt diff01 = x0[j] - m1;
            Felt sum23 = m2 + m3;
            Felt rotated = (m2 - m3) * omega4;
            x0[j] = sum01 + sum23;
            x2[j] = sum01 - sum23;
            x1[j] = diff01 + rotated;
            x3[j] = diff01 - rotated;
        }
    }
}
