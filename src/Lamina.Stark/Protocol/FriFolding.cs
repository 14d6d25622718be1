using Lamina.Stark.Field;

namespace Lamina.Stark.Protocol;

/// <summary>
/// One FRI folding step. The f values of a layer at x·ζ^m (ζ a primitive f-th root of unity) determine the
/// f polynomials P_k with P(t) = Σ t^k P_k(t^f); the folded value at x^f is Σ β^k P_k(x^f). Computed as
/// (1/f) Σ_k (β/x)^k Σ_m v_m ζ^(−mk), a size-f inverse DFT evaluated at β/x.
/// </summary>
internal static class FriFolding
{
    private static readonly Felt[][] InverseDftTables = [BuildTable(2), BuildTable(4), BuildTable(8)];
    private static readonly Felt[] FactorInverse = [Felt.FromU64(2).Inverse(), Felt.FromU64(4).Inverse(), Felt.FromU64(8).Inverse()];

    public static Felt3 Fold(ReadOnlySpan<Felt3> group, Felt xInverse, Felt3 beta)
    {
        int f = group.Length;
        int which = f == 2 ? 0 : f == 4 ? 1 : 2;
        Felt[] table = InverseDftTables[which];
        Felt3 u = beta * xInverse;
        Felt3 power = Felt3.One;
        Felt3 acc = Felt3.Zero;
        for (int k = 0; k < f; k++)
        {
            Felt3 s = Felt3.Zero;
            for (int m = 0; m < f; m++)
            {
                s += group[m] * table[k * f + m];
            }
            acc += power * s;
            power *= u;
        }
        return acc * FactorInverse[which];
    }

    /// <summary>table[k·f + m] = ζ^(−mk).</summary>
    private static Felt[] BuildTable(int f)
    {
        Felt zetaInv = Felt.RootOfUnity(Polynomials.Ntt.Log2(f)).Inverse();
        Felt[] table = new Felt[f * f];
        for (int k = 0; k < f; k++)
        {
            for (int m = 0; m < f; m++)
            {
                table[k * f + m] = zetaInv.Pow((ulong)(m * k));
            }
        }
        return table;
    }
}
