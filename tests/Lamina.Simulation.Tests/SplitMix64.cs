namespace Lamina.Simulation.Tests;

/// <summary>
/// SplitMix64: the simulation's only source of randomness. One seed drives every choice (delays, drops, faults),
/// so a run is a pure function of (config, seed). System.Random is not used: its algorithm may change between runtimes.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextU64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, n) by rejection, so no value is favoured.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
        ulong x;
        do x = NextU64(); while (x >= limit);
        return (int)(x % (ulong)n);
    }

    public long NextLong(long minInclusive, long maxInclusive) => minInclusive + NextInt(checked((int)(maxInclusive - minInclusive + 1)));

    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => p > 0 && NextDouble() < p;

    /// <summary>An independent generator for a sub-stream (e.g. fault planning) so adding draws elsewhere does not shift it.</summary>
    public SplitMix64 Fork() => new(NextU64());
}
