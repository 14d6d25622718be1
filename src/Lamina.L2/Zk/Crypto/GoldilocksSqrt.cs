using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Crypto;

/// <summary>Square roots in GF(p), p = 2^32·(2^32 − 1) + 1, by Tonelli–Shanks with the non-square 7.</summary>
internal static class GoldilocksSqrt
{
    private const int TwoAdicity = 32;
    private const ulong OddPart = (1UL << 32) - 1;

    public static bool TrySqrt(Felt x, out Felt root)
    {
        root = Felt.Zero;
        if (x == Felt.Zero)
        {
            return true;
        }
        if (x.Pow((Felt.Modulus - 1) / 2) != Felt.One)
        {
            return false;
        }
        int m = TwoAdicity;
        Felt c = ((Felt)7u).Pow(OddPart);
        Felt t = x.Pow(OddPart);
        Felt r = x.Pow((OddPart + 1) / 2);
        while (t != Felt.One)
        {
            int i = 0;
            Felt t2 = t;
            while (t2 != Felt.One)
            {
                t2 = t2.Square();
                i++;
            }
            Felt b = c;
            for (int j = 0; j < m - i - 1; j++)
            {
                b = b.Square();
            }
            m = i;
            c = b.Square();
            t *= c;
            r *= b;
        }
        root = r;
        return true;
    }
}
