using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Tests.Zk;

/// <summary>A seeded SplitMix64 generator, so every random workload in these tests replays exactly.</summary>
public sealed class TestRng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextU64()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public int Next(int maxExclusive) => (int)(NextU64() % (ulong)maxExclusive);

    public Felt NextFelt() => Felt.FromU64(NextU64());

    public Fp5 NextFp5() => new(NextFelt(), NextFelt(), NextFelt(), NextFelt(), NextFelt());

    public byte[] NextBytes(int count)
    {
        var bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = (byte)NextU64();
        return bytes;
    }
}
