using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using Lamina.Stark.Field;

namespace Lamina.Stark.Tests;

/// <summary>
/// The once-reduced sum of products against a BigInteger reference, lane by lane and in total, on any 64-bit words
/// (the extremes included) and on long sums, where the weighted half-sums grow largest. Without AVX2 nothing to test.
/// </summary>
public class WeightedHalvesTests
{
    private static readonly BigInteger P = Felt.Modulus;

    [Fact]
    public void Lane_sums_and_total_match_BigInteger()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        Gen.Int[1, 300].SelectMany(terms => GoldilocksVectorTests.GenWord.Array[8 * terms]).Sample(words =>
        {
            var sums = new WeightedHalves();
            var expected = new BigInteger[4];
            for (int t = 0; t < words.Length / 8; t++)
            {
                Vector256<ulong> a = Vector256.Create(words[8 * t], words[8 * t + 1], words[8 * t + 2], words[8 * t + 3]);
                Vector256<ulong> b = Vector256.Create(words[8 * t + 4], words[8 * t + 5], words[8 * t + 6], words[8 * t + 7]);
                sums.Add(a, b);
                for (int lane = 0; lane < 4; lane++)
                {
                    expected[lane] += (BigInteger)words[8 * t + lane] * words[8 * t + 4 + lane];
                }
            }
            Span<Felt> lanes = stackalloc Felt[4];
            sums.Reduce(lanes);
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.Equal((ulong)(expected[lane] % P), lanes[lane].Value);
            }
            Assert.Equal((ulong)((expected[0] + expected[1] + expected[2] + expected[3]) % P), sums.Total().Value);
        });
    }

    [Fact]
    public void A_hundred_thousand_largest_products_do_not_overflow()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        var sums = new WeightedHalves();
        Vector256<ulong> largest = Vector256.Create(ulong.MaxValue);
        const int Terms = 100_000;
        for (int t = 0; t < Terms; t++)
        {
            sums.Add(largest, largest);
        }
        BigInteger expected = (BigInteger)ulong.MaxValue * ulong.MaxValue * Terms % P;
        Span<Felt> lanes = stackalloc Felt[4];
        sums.Reduce(lanes);
        Assert.All(lanes.ToArray(), lane => Assert.Equal((ulong)expected, lane.Value));
    }
}
