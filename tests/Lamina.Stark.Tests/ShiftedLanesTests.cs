using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;

namespace Lamina.Stark.Tests;

/// <summary>
/// The NTT's shifted-lane arithmetic against a BigInteger reference, under exactly the preconditions its doc states: products
/// and the 2^48 rotation on any 64-bit representatives, sums with one canonical operand, differences with a canonical
/// subtrahend. Results must be representatives of the right residue (any 64-bit value) and, where the method promises it,
/// canonical. Without AVX2 the transform never calls these methods (the scalar path is tested in Radix4NttTests).
/// </summary>
public class ShiftedLanesTests
{
    private static readonly BigInteger P = Felt.Modulus;

    private static readonly Gen<ulong> GenCanonical = Gen.Frequency(
        (4, Gen.ULong[0, Felt.Modulus - 1]),
        (1, Gen.OneOfConst(0UL, 1UL, Felt.Epsilon, 1UL << 32, 1UL << 63, Felt.Modulus - 2, Felt.Modulus - 1)));

    [Fact]
    public void Products_and_rotations_of_any_representatives_are_representatives()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        GoldilocksVectorTests.GenWord.Array[8].Sample(w =>
        {
            Vector256<ulong> a = Vector256.Create(w[0], w[1], w[2], w[3]);
            Vector256<ulong> b = Vector256.Create(w[4], w[5], w[6], w[7]);
            Vector256<ulong> product = ShiftedLanes.Flip(ShiftedLanes.Multiply(a, b));
            Vector256<ulong> canonicalProduct = ShiftedLanes.MultiplyCanonical(a, b);
            Vector256<ulong> rotated = ShiftedLanes.Flip(ShiftedLanes.MultiplyByTwoTo48(a));
            for (int i = 0; i < 4; i++)
            {
                BigInteger expected = (BigInteger)w[i] * w[i + 4] % P;
                Assert.Equal(expected, product[i] % P);
                Assert.Equal(expected, (BigInteger)canonicalProduct[i]);
                Assert.Equal((BigInteger)w[i] * (BigInteger.One << 48) % P, rotated[i] % P);
            }
        }, iter: 4000);
    }

    [Fact]
    public void Canonical_form_of_any_representative()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        GoldilocksVectorTests.GenWord.Array[4].Sample(w =>
        {
            Vector256<ulong> x = Vector256.Create(w[0], w[1], w[2], w[3]);
            Vector256<ulong> canonical = ShiftedLanes.Flip(ShiftedLanes.Canonical(ShiftedLanes.Flip(x)));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal((BigInteger)w[i] % P, (BigInteger)canonical[i]);
            }
        }, iter: 4000);
    }

    [Fact]
    public void Sums_and_differences_with_one_canonical_operand()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        Gen.Select(GoldilocksVectorTests.GenWord.Array[4], GenCanonical.Array[4]).Sample((w, c) =>
        {
            Vector256<ulong> any = Vector256.Create(w[0], w[1], w[2], w[3]);
            Vector256<ulong> canonical = Vector256.Create(c[0], c[1], c[2], c[3]);
            // Sums: either operand may be the canonical one, and either may be the shifted one.
            Vector256<ulong> sum = ShiftedLanes.Flip(ShiftedLanes.Add(ShiftedLanes.Flip(any), canonical));
            Vector256<ulong> sumSwapped = ShiftedLanes.Flip(ShiftedLanes.Add(ShiftedLanes.Flip(canonical), any));
            // Differences any − canonical in both forms.
            Vector256<ulong> difference = ShiftedLanes.Flip(ShiftedLanes.Subtract(ShiftedLanes.Flip(any), canonical));
            Vector256<ulong> differenceOfShifted = ShiftedLanes.SubtractShifted(ShiftedLanes.Flip(any), ShiftedLanes.Flip(canonical));
            for (int i = 0; i < 4; i++)
            {
                BigInteger expectedSum = ((BigInteger)w[i] + c[i]) % P;
                BigInteger expectedDifference = (((BigInteger)w[i] - c[i]) % P + P) % P;
                Assert.Equal(expectedSum, sum[i] % P);
                Assert.Equal(expectedSum, sumSwapped[i] % P);
                Assert.Equal(expectedDifference, difference[i] % P);
                Assert.Equal(expectedDifference, differenceOfShifted[i] % P);
            }
        }, iter: 4000);
    }

    /// <summary>
    /// One radix-4 step on inputs that earlier passes may leave: representatives at and above p (up to 2^64 − 1) next to 0
    /// and small values, where a product by the twiddle 1 stays non-canonical. Both ways of storing equal the step in scalar
    /// field arithmetic on the canonical inputs: the canonical store exactly, the other modulo p.
    /// </summary>
    [Theory]
    [InlineData(4, true)]
    [InlineData(4, false)]
    [InlineData(16, true)]
    [InlineData(16, false)]
    public unsafe void Radix4_step_on_non_canonical_representatives(int h, bool plus)
    {
        if (!Avx2.IsSupported)
        {
            return;
        }
        ulong[] edges = [0, 1, Felt.Modulus - 1, Felt.Modulus, Felt.Modulus + 1, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63, Felt.Epsilon];
        // Stage-ordered twiddles as the transform lays them out: [h, 2h) the 2h-th roots, [2h, 4h) the 4h-th, cubes at [2h, 3h).
        var tw = new Felt[4 * h];
        var cubes = new Felt[4 * h];
        for (int half = h; half <= 2 * h; half *= 2)
        {
            Felt root = Felt.RootOfUnity(System.Numerics.BitOperations.Log2((uint)(2 * half)));
            for (int j = 0; j < half; j++)
            {
                tw[half + j] = root.Pow((ulong)j);
            }
        }
        for (int j = 0; j < h; j++)
        {
            cubes[2 * h + j] = tw[2 * h + j] * tw[h + j];
        }
        Felt omega4 = plus ? Felt.FromU64(1UL << 48) : -Felt.FromU64(1UL << 48);
        Gen.Int[0, edges.Length].Array[4 * h].Sample(choice =>
        {
            ulong[] raw = choice.Select(c => c == edges.Length ? 0x1234_5678_9ABC_DEF0UL * (ulong)(c + 1) : edges[c]).ToArray();
            Felt[] expected = raw.Select(Felt.FromU64).ToArray();
            for (int j = 0; j < h; j++)
            {
                Felt m1 = expected[h + j] * tw[h + j];
                Felt m2 = expected[2 * h + j] * tw[2 * h + j];
                Felt m3 = expected[3 * h + j] * cubes[2 * h + j];
                Felt a0 = expected[j];
                Felt rotated = (m2 - m3) * omega4;
                expected[j] = a0 + m1 + (m2 + m3);
                expected[2 * h + j] = a0 + m1 - (m2 + m3);
                expected[h + j] = a0 - m1 + rotated;
                expected[3 * h + j] = a0 - m1 - rotated;
            }
            ulong[] canonical = (ulong[])raw.Clone();
            ulong[] representatives = (ulong[])raw.Clone();
            fixed (ulong* c = canonical)
            fixed (ulong* r = representatives)
            fixed (Felt* t = tw)
            fixed (Felt* q = cubes)
            {
                Radix4Butterflies.Step<CanonicalStore>((Felt*)c, h, t, q, 0, h, plus, omega4);
                Radix4Butterflies.Step<RepresentativeStore>((Felt*)r, h, t, q, 0, h, plus, omega4);
            }
            Assert.Equal(expected.Select(e => e.Value), canonical);
            Assert.Equal(expected.Select(e => e.Value), representatives.Select(v => Felt.FromU64(v).Value));
        }, iter: 3000);
    }
}
