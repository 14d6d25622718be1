using Lamina.Stark.Field;

namespace Lamina.Stark.Protocol;

/// <summary>
/// One FRI folding step. The f values of a layer at x·ζ^m (ζ a primitive f-th root of unity) determine the
/// f polynomials P_k with P(t) = Σ t^k P_k(t^f); the folded value at x^f is Σ β^k P_k(x^f). Computed as
/// (1/f) Σ_k (β/x)^k Σ_m v_m ζ^(−mk), a size-f inverse DFT evaluated at β/x.
/// </summary>
internal static class FriFolding
{
    /// <summary>Per folding factor f (2, 4, 8): twiddles[len + j] = ζ_len^(−j) for each stage length len = 2, 4, …, f and j &lt; len/2.</summary>
    private static readonly Felt[][] Twiddles = [BuildTwiddles(2), BuildTwiddles(4), BuildTwiddles(8)];
    private static readonly Felt[] FactorInverse = [Felt.FromU64(2).Inverse(), Felt.FromU64(4).Inverse(), Felt.FromU64(8).Inverse()];

    /// <summary>
    /// The inverse DFT S_k = Σ_m v_m ζ^(−mk) as a radix-2 transform (15 base products for f = 8 instead of 64 extension-by-base
    /// ones), then Σ_k u^k S_k by Horner's rule with u = β/x: the same field elements as the direct sums.
    /// </summary>
    public static Felt3 Fold(ReadOnlySpan<Felt3> group, Felt xInverse, Felt3 beta)
    {
        int f = group.Length;
        int which = f == 2 ? 0 : f == 4 ? 1 : 2;
        int bits = which + 1;
        Felt[] twiddles = Twiddles[which];
        Span<Felt3> s = stackalloc Felt3[8];
        for (int m = 0; m < f; m++)
        {
            s[ReverseBits(m, bits)] = group[m];
        }
        for (int len = 2; len <= f; len <<= 1)
        {
            int half = len / 2;
            for (int i = 0; i < f; i += len)
            {
                Felt3 a = s[i], b = s[i + half];
                (s[i], s[i + half]) = (a + b, a - b);
                for (int j = 1; j < half; j++)
                {
                    a = s[i + j];
                    b = s[i + j + half] * twiddles[len + j];
                    (s[i + j], s[i + j + half]) = (a + b, a - b);
                }
            }
        }
        Felt3 u = beta * xInverse;
        Felt3 acc = s[f - 1];
        for (int k = f - 2; k >= 0; k--)
        {
            acc = acc * u + s[k];
        }
        return acc * FactorInverse[which];
    }

    private static int ReverseBits(int value, int bits)
    {
        int result = 0;
        for (int b = 0; b < bits; b++)
        {
            result = (result << 1) | ((value >> b) & 1);
        }
        return result;
    }

    private static Felt[] BuildTwiddles(int f)
    {
        Felt[] twiddles = new Felt[2 * f];
        for (int len = 2; len <= f; len <<= 1)
        {
            Felt rootInverse = Felt.RootOfUnity(Polynomials.Ntt.Log2(len)).Inverse();
            for (int j = 0; j < len / 2; j++)
            {
                twiddles[len + j] = rootInverse.Pow((ulong)j);
            }
        }
        return twiddles;
    }

    /// <summary>The direct sums (1/f) Σ_k (β/x)^k Σ_m v_m ζ^(−mk): the tests' reference for <see cref="Fold"/>.</summary>
    internal static Felt3 FoldDirect(ReadOnlySpan<Felt3> group, Felt xInverse, Felt3 beta)
    {
        int f = group.Length;
        Felt zetaInverse = Felt.RootOfUnity(Polynomials.Ntt.Log2(f)).Inverse();
        Felt3 u = beta * xInverse;
        Felt3 power = Felt3.One;
        Felt3 acc = Felt3.Zero;
        for (int k = 0; k < f; k++)
        {
            Felt3 sum = Felt3.Zero;
            for (int m = 0; m < f; m++)
            {
                sum += group[m] * zetaInverse.Pow((ulong)(m * k));
            }
            acc += power * sum;
            power *= u;
        }
        return acc * Felt.FromU64((ulong)f).Inverse();
    }
}
