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
}
