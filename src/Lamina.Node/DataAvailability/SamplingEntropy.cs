using System.Security.Cryptography;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Where a light node's randomness comes from: which cells it samples and in which order it asks DA nodes. A real
/// node uses the operating system's cryptographic RNG (<see cref="Cryptographic"/>), so a withholding proposer cannot
/// predict the positions; the whole-node simulation passes a seeded source so that a failing seed replays exactly.
/// </summary>
public abstract class SamplingEntropy
{
    public static SamplingEntropy Cryptographic { get; } = new SystemEntropy();

    public abstract void Fill(Span<byte> destination);

    /// <summary>A uniform integer in [0, <paramref name="max"/>), by rejection so no value is favoured.</summary>
    public int NextInt(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var limit = uint.MaxValue - (uint.MaxValue % (uint)max);
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            Fill(bytes);
            var value = BitConverter.ToUInt32(bytes);
            if (value < limit) return (int)(value % (uint)max);
        }
    }

    /// <summary>Fisher–Yates with this source's integers.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private sealed class SystemEntropy : SamplingEntropy
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }
}
