using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;

namespace Lamina.Stark.Tests;

/// <summary>
/// The transform's radix-4 steps (pairs of stages, including the ±2^48 fourth root) against two references written
/// here: the textbook radix-2 Cooley–Tukey transform, one stage at a time in scalar field arithmetic, and for small
/// sizes the DFT by its definition. Sizes cover an even and an odd number of stages on the one-thread path (below
/// 2^16) and on the blocked parallel path (2^16 to 2^19: one, two, three and four stages after the blocks).
/// </summary>
[Collection(nameof(ScalarPathTests))]
public class Radix4NttTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Small_transforms_equal_the_definition(int logN)
    {
        int n = 1 << logN;
        Felt[] values = TestData.Felts(n, 4000u + (ulong)logN);
        Felt omega = Felt.RootOfUnity(logN);
        Felt[] forward = (Felt[])values.Clone();
        Ntt.Forward(forward);
        Assert.Equal(Dft(values, omega), forward);
        Felt[] inverse = (Felt[])values.Clone();
        Ntt.Inverse(inverse);
        Felt nInv = Felt.FromU64((ulong)n).Inverse();
        Assert.Equal(Dft(values, omega.Inverse()).Select(v => v * nInv), inverse);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    public void Transforms_equal_the_radix2_reference_on_both_paths(int logN)
    {
        Felt[] values = TestData.Felts(1 << logN, 5000u + (ulong)logN);
        foreach (bool inverse in new[] { false, true })
        {
            Felt[] expected = RadixTwo(values, inverse);
            Assert.Equal(expected, TransformOnPath(values, inverse, scalar: false));
            Assert.Equal(expected, TransformOnPath(values, inverse, scalar: true));
        }
    }

    /// <summary>
    /// The passes between the first and the last leave 64-bit representatives, not canonical values, so the carries and
    /// borrows of the butterflies are exercised hardest by inputs at the ends of the field: 0, 1, p − 1, p − 2, values
    /// around 2^32 and 2^63, mixed with random ones. Every size from 2 to 2^17 (each stage count, both parities, the
    /// one-thread and the blocked parallel paths), forward and inverse, vector and scalar, equals the radix-2 reference.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(17)]
    public void Transforms_of_extreme_values_equal_the_radix2_reference(int logN)
    {
        ulong[] edges = [0, 1, 2, Felt.Modulus - 1, Felt.Modulus - 2, Felt.Epsilon, Felt.Epsilon + 1, 1UL << 32, (1UL << 63) - 1, 1UL << 63, Felt.Modulus - Felt.Epsilon];
        int n = 1 << logN;
        Felt[] random = TestData.Felts(n, 7000u + (ulong)logN);
        foreach (int pattern in new[] { 0, 1, 2 })
        {
            // 0: all p − 1 (every product and sum near the top); 1: edge values in a cycle; 2: edges mixed with random values.
            var values = new Felt[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = pattern switch
                {
                    0 => Felt.FromU64(Felt.Modulus - 1),
                    1 => Felt.FromU64(edges[i % edges.Length]),
                    _ => i % 3 == 0 ? random[i] : Felt.FromU64(edges[(i / 3) % edges.Length]),
                };
            }
            foreach (bool inverse in new[] { false, true })
            {
                Felt[] expected = RadixTwo(values, inverse);
                foreach (bool scalar in new[] { false, true })
                {
                    Felt[] actual = TransformOnPath(values, inverse, scalar);
                    Assert.Equal(expected, actual);
                    Assert.All(actual, v => Assert.True(v.Value < Felt.Modulus));
                }
            }
        }
    }

    [Theory]
    [InlineData(6, 8)]
    [InlineData(13, 8)]
    [InlineData(14, 4)]
    [InlineData(16, 2)]
    public void Coset_extensions_and_interpolations_equal_the_reference(int logN, int blowup)
    {
        int n = 1 << logN;
        Felt[] coefficients = TestData.Felts(n, 6000u + (ulong)logN);
        Felt offset = Felt.Generator;
        Felt[] extended = Ntt.EvaluateOnCoset(coefficients, n * blowup, offset);
        // The reference: scale coefficient i by offset^i, pad to the domain, transform.
        Felt[] padded = new Felt[n * blowup];
        Felt power = Felt.One;
        for (int i = 0; i < n; i++)
        {
            padded[i] = coefficients[i] * power;
            power *= offset;
        }
        Assert.Equal(RadixTwo(padded, inverse: false), extended);

        Felt[] interpolated = (Felt[])extended.Clone();
        Ntt.InterpolateCoset(interpolated, offset);
        Assert.Equal(coefficients, interpolated.AsSpan(0, n).ToArray());
        Assert.All(interpolated.AsSpan(n).ToArray(), c => Assert.Equal(Felt.Zero, c));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(11)]
    public void Bit_reversed_powers_equal_their_definition(int logLength)
    {
        int length = 1 << logLength;
        Felt shift = Felt.FromU64(0x1234_5678_9ABC_DEF1UL);
        var powers = new Felt[length];
        PowerScaling.BitReversedPowers(shift, powers);
        for (int i = 0; i < length; i++)
        {
            ulong reversed = logLength == 0 ? 0 : ReverseBits((uint)i) >> (32 - logLength);
            Assert.Equal(shift.Pow(reversed), powers[i]);
        }
    }

    [Fact]
    public void The_fourth_root_is_plus_or_minus_two_to_48()
    {
        Felt omega4 = Felt.RootOfUnity(2);
        Felt twoTo48 = Felt.FromU64(1UL << 48);
        Assert.True(Radix4Butterflies.IsPlusTwoTo48(twoTo48));
        Assert.False(Radix4Butterflies.IsPlusTwoTo48(-twoTo48));
        Assert.NotEqual(Radix4Butterflies.IsPlusTwoTo48(omega4), Radix4Butterflies.IsPlusTwoTo48(omega4.Inverse()));
        Assert.Throws<InvalidOperationException>(() => Radix4Butterflies.IsPlusTwoTo48(Felt.FromU64(3)));
    }

    /// <summary>A transformed copy, on the AVX2 path (where the machine has it) or the scalar one.</summary>
    private static Felt[] TransformOnPath(Felt[] values, bool inverse, bool scalar)
    {
        Felt[] copy = (Felt[])values.Clone();
        GoldilocksVector.ForceScalarForTests = scalar;
        try
        {
            Transform(copy, inverse);
        }
        finally
        {
            GoldilocksVector.ForceScalarForTests = false;
        }
        return copy;
    }

    private static void Transform(Felt[] values, bool inverse)
    {
        if (inverse)
        {
            Ntt.Inverse(values);
        }
        else
        {
            Ntt.Forward(values);
        }
    }

    private static Felt[] Dft(Felt[] values, Felt omega)
    {
        int n = values.Length;
        var result = new Felt[n];
        for (int k = 0; k < n; k++)
        {
            Felt point = omega.Pow((ulong)k);
            Felt power = Felt.One;
            Felt sum = Felt.Zero;
            for (int i = 0; i < n; i++)
            {
                sum += values[i] * power;
                power *= point;
            }
            result[k] = sum;
        }
        return result;
    }

    /// <summary>Iterative radix-2 decimation in time with the scaling by 1/n for the inverse.</summary>
    private static Felt[] RadixTwo(Felt[] values, bool inverse)
    {
        int n = values.Length;
        int logN = System.Numerics.BitOperations.Log2((uint)n);
        var a = new Felt[n];
        for (int i = 0; i < n; i++)
        {
            int j = logN == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - logN));
            a[j] = values[i];
        }
        for (int half = 1; half < n; half <<= 1)
        {
            Felt root = Felt.RootOfUnity(System.Numerics.BitOperations.Log2((uint)(2 * half)));
            if (inverse)
            {
                root = root.Inverse();
            }
            for (int start = 0; start < n; start += 2 * half)
            {
                Felt w = Felt.One;
                for (int j = 0; j < half; j++)
                {
                    Felt t = a[start + half + j] * w;
                    Felt u = a[start + j];
                    a[start + j] = u + t;
                    a[start + half + j] = u - t;
                    w *= root;
                }
            }
        }
        if (inverse)
        {
            Felt nInv = Felt.FromU64((ulong)n).Inverse();
            for (int i = 0; i < n; i++)
            {
                a[i] *= nInv;
            }
        }
        return a;
    }

    private static uint ReverseBits(uint x)
    {
        uint r = 0;
        for (int b = 0; b < 32; b++)
        {
            r = (r << 1) | ((x >> b) & 1);
        }
        return r;
    }
}
