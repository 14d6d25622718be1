using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using Lamina.Stark.Field;

namespace Lamina.Stark.Tests;

/// <summary>
/// The four-lane arithmetic against a BigInteger reference, on any 64-bit representatives (the vector
/// code keeps values non-canonical between steps). On machines without AVX2 there is nothing to test.
/// </summary>
public class GoldilocksVectorTests
{
    private static readonly BigInteger P = Felt.Modulus;

    /// <summary>
    /// Mostly random words, with extra weight on the values where carries and borrows of the reduction
    /// happen: small values (below 2^32, where a deferred borrow would bite), values around 2^32, and
    /// values at and above p (non-canonical representatives).
    /// </summary>
    internal static readonly Gen<ulong> GenWord = Gen.Frequency(
        (4, Gen.ULong),
        (1, Gen.ULong[0, 0xFFFF_FFFFUL]),
        (1, Gen.ULong[Felt.Modulus - 1000, ulong.MaxValue]),
        (1, Gen.OneOfConst(0UL, 1UL, 2UL, Felt.Epsilon, 1UL << 32, (1UL << 32) + 1, 1UL << 63,
            Felt.Modulus - 1, Felt.Modulus, Felt.Modulus + 1, ulong.MaxValue)));

    [Fact]
    public void MultiplyAndSquareMatchBigInteger()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        GenWord.Array[8].Sample(w =>
        {
            Vector256<ulong> a = Vector256.Create(w[0], w[1], w[2], w[3]);
            Vector256<ulong> b = Vector256.Create(w[4], w[5], w[6], w[7]);
            Vector256<ulong> product = GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(a, b));
            Vector256<ulong> square = GoldilocksVector.Canonicalize(GoldilocksVector.Square(a));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(Reference(w[i], w[4 + i]), product[i]);
                Assert.Equal(Reference(w[i], w[i]), square[i]);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void TrackedArithmeticIsExactUnlessItsCheckFails()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        int flagged = 0;
        GenWord.Array[8].Sample(w =>
        {
            Vector256<ulong> a = Vector256.Create(w[0], w[1], w[2], w[3]);
            Vector256<ulong> b = Vector256.Create(w[4], w[5], w[6], w[7]);
            Vector256<uint> smallest = Vector256<uint>.AllBitsSet;
            Vector256<ulong> product = GoldilocksVector.MultiplyTracked(a, b, ref smallest);
            Vector256<ulong> square = GoldilocksVector.SquareTracked(a, ref smallest);
            if (GoldilocksVector.AnyBelow2To32(smallest))
            {
                // The caller recomputes; nothing is promised about these results.
                Interlocked.Increment(ref flagged);
                return;
            }
            product = GoldilocksVector.Canonicalize(product);
            square = GoldilocksVector.Canonicalize(square);
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(Reference(w[i], w[4 + i]), product[i]);
                Assert.Equal(Reference(w[i], w[i]), square[i]);
            }
        }, iter: 20_000);
        // The edge-heavy generator must exercise the recompute signal, not only the fast path.
        Assert.True(flagged > 0);
    }

    [Fact]
    public void TrackerFlagsSmallIntermediateSums()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        // 0² and 1² leave a sum below 2^32 in their lane: the borrow these would need is exactly what the
        // tracked reduction skips, so the check must fail.
        foreach (ulong small in new ulong[] { 0, 1, 0xFFFF })
        {
            Vector256<uint> smallest = Vector256<uint>.AllBitsSet;
            GoldilocksVector.SquareTracked(Vector256.Create(small, 5UL << 40, 7UL << 40, 9UL << 40), ref smallest);
            Assert.True(GoldilocksVector.AnyBelow2To32(smallest));
        }
        Vector256<uint> large = Vector256<uint>.AllBitsSet;
        GoldilocksVector.SquareTracked(Vector256.Create(3UL << 40, 5UL << 40, 7UL << 40, 9UL << 40), ref large);
        Assert.False(GoldilocksVector.AnyBelow2To32(large));
    }

    private static ulong Reference(ulong x, ulong y) => (ulong)(x % P * (y % P) % P);

    /// <summary>
    /// <see cref="WeightedHalves"/>, the once-reduced sum of products, lane by lane and in total, on any words and on long
    /// sums, where its weighted half-sums grow largest.
    /// </summary>
    [Fact]
    public void WeightedHalves_lane_sums_and_total_match_BigInteger()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        Gen.Int[1, 300].SelectMany(terms => GenWord.Array[8 * terms]).Sample(words =>
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
    public void WeightedHalves_takes_a_hundred_thousand_largest_products_without_overflow()
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
