using Lamina.Stark.Field;

namespace Lamina.Stark.Tests;

/// <summary>Deterministic pseudo-random field elements (SplitMix64) so that failures replay exactly.</summary>
internal static class TestData
{
    public static Felt[] Felts(int count, ulong seed)
    {
        Felt[] result = new Felt[count];
        ulong state = seed;
        for (int i = 0; i < count; i++)
        {
            result[i] = Felt.FromU64(Next(ref state));
        }
        return result;
    }

    public static ulong Next(ref ulong state)
    {
        unchecked
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
