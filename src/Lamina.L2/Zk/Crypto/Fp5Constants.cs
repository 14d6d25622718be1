using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Crypto;

/// <summary>Constants of GF(p^5) derived at start-up from p and z^5 = 3 (nothing here is a magic table).</summary>
internal static class Fp5Constants
{
    /// <summary>3^(i(p−1)/5) for i = 0..4: the Frobenius x ↦ x^p on the basis z^i.</summary>
    public static readonly Felt[] Frob1 = Powers(((Felt)3u).Pow((Felt.Modulus - 1) / 5));

    /// <summary>3^(2i(p−1)/5): x ↦ x^(p^2).</summary>
    public static readonly Felt[] Frob2 = Powers(Frob1[2]);

    private static Felt[] Powers(Felt c)
    {
        var powers = new Felt[5];
        powers[0] = Felt.One;
        for (int i = 1; i < 5; i++)
        {
            powers[i] = powers[i - 1] * c;
        }
        return powers;
    }
}
