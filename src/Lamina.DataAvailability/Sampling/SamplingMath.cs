using System.Buffers.Binary;
using System.Numerics;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Sampling;

/// <summary>
/// Data availability sampling: where a light node looks, and what looking buys it. To make a 2k×2k square
/// unrecoverable an adversary must withhold at least a (k+1)×(k+1) set of shares (a stopping set of the product code),
/// so one uniform sample lands on withheld data with probability at least (k+1)²/(2k)², about 1/4.
/// </summary>
public static class SamplingMath
{
    /// <summary>The fewest shares whose withholding makes the extended square unrecoverable: (k+1)².</summary>
    public static long WithholdingThreshold(int originalWidth) => (long)(originalWidth + 1) * (originalWidth + 1);

    /// <summary>1 − (1 − (k+1)²/(2k)²)^s: the chance that s independent uniform samples hit a minimal withheld set.</summary>
    public static double Confidence(int originalWidth, int samples)
    {
        var width = 2.0 * originalWidth;
        var hit = WithholdingThreshold(originalWidth) / (width * width);
        return 1 - Math.Pow(1 - hit, samples);
    }

    /// <summary>
    /// <paramref name="count"/> positions drawn uniformly and independently (with replacement, as the confidence formula
    /// assumes) from a 2k×2k square, derived from <paramref name="seed"/>: SHA-256 in counter mode, each 8-byte word
    /// masked to log2((2k)²) bits (the square has a power-of-two number of shares, so masking is unbiased).
    /// Nodes pass a seed from a cryptographic RNG; tests pass a fixed one.
    /// </summary>
    public static (int Row, int Column)[] SamplePositions(ReadOnlySpan<byte> seed, int originalWidth, int count)
    {
        if (originalWidth < 1 || originalWidth > DataSquare.MaxWidth || !BitOperations.IsPow2(originalWidth)) throw new ArgumentOutOfRangeException(nameof(originalWidth));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var width = 2 * originalWidth;
        var mask = (ulong)width * (ulong)width - 1;
        var positions = new (int, int)[count];
        Span<byte> counter = stackalloc byte[4];
        Span<byte> block = stackalloc byte[32];
        for (var i = 0; i < count; i++)
        {
            var word = i & 3;
            if (word == 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(counter, (uint)(i >> 2));
                DomainHasher.Hash(DataAvailabilityTags.Sample, seed, counter).CopyTo(block);
            }
            var index = (int)(BinaryPrimitives.ReadUInt64BigEndian(block[(word * 8)..]) & mask);
            positions[i] = (index / width, index % width);
        }
        return positions;
    }
}
