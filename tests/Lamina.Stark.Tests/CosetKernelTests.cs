using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;

namespace Lamina.Stark.Tests;

/// <summary>
/// The coset extension's kernels (the running coset scaling, the 1/n scaling, the transposed interleave) on the AVX2
/// and the scalar path, against field arithmetic written out here, on random values and on values next to p.
/// </summary>
[Collection(nameof(ScalarPathTests))]
public class CosetKernelTests
{
    /// <summary>Random values with the edges mixed in: 0, 1, p − 1, p − 2, 2^32 − 1, 2^32, 2^63.</summary>
    private static Felt[] Values(int count, ulong seed)
    {
        Felt[] values = TestData.Felts(count, seed);
        ulong[] edges = [0, 1, Felt.Modulus - 1, Felt.Modulus - 2, 0xFFFF_FFFFUL, 1UL << 32, 1UL << 63];
        for (int i = 0; i < count; i += 3)
        {
            values[i] = Felt.FromU64(edges[i / 3 % edges.Length]);
        }
        return values;
    }

    private static void OnBothPaths(Action run)
    {
        run();
        GoldilocksVector.ForceScalarForTests = true;
        try
        {
            run();
        }
        finally
        {
            GoldilocksVector.ForceScalarForTests = false;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1027)]
    public void Running_scaling_writes_the_product_to_both_spans(int length)
    {
        Felt[] start = Values(length, 7100u + (ulong)length);
        Felt[] factors = Values(length, 7200u + (ulong)length).Reverse().ToArray();
        Felt[] expected = start.Zip(factors, (a, b) => a * b).ToArray();
        OnBothPaths(() =>
        {
            Felt[] current = (Felt[])start.Clone();
            Felt[] target = new Felt[length];
            PowerScaling.MultiplyElementwise(current, factors, current, target);
            Assert.Equal(expected, current);
            Assert.Equal(expected, target);
            Felt[] alone = new Felt[length];
            PowerScaling.MultiplyElementwise(start, factors, alone);
            Assert.Equal(expected, alone);
        });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(256)]
    [InlineData(1001)]
    public void Scale_multiplies_every_value(int length)
    {
        Felt[] start = Values(length, 7300u + (ulong)length);
        foreach (Felt factor in new[] { Felt.FromU64(Felt.Modulus - 1), Felt.FromU64((ulong)length).Inverse(), Felt.Zero })
        {
            OnBothPaths(() =>
            {
                Felt[] values = (Felt[])start.Clone();
                PowerScaling.Scale(values, factor);
                Assert.Equal(start.Select(v => v * factor), values);
            });
        }
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(8, 1)]
    [InlineData(8, 16)]
    [InlineData(16, 64)]
    [InlineData(4, 1 << 16)]
    public void Interleave_puts_point_j_of_coset_k_at_j_times_blowup_plus_k(int blowup, int m)
    {
        // Rented-like cosets: longer than m, with values past m that must not be read.
        Felt[][] cosets = Enumerable.Range(0, blowup).Select(k => Values(m + 5, 7400u + (ulong)k)).ToArray();
        OnBothPaths(() =>
        {
            Felt[] result = new Felt[blowup * m];
            CosetInterleave.Interleave(cosets, m, result);
            for (int j = 0; j < m; j++)
            {
                for (int k = 0; k < blowup; k++)
                {
                    Assert.Equal(cosets[k][j], result[j * blowup + k]);
                }
            }
        });
    }

    [Theory]
    [InlineData(11, 16)]
    [InlineData(15, 8)]
    public void Coset_extension_at_the_provers_sizes_equals_the_padded_transform(int logN, int blowup)
    {
        int n = 1 << logN;
        Felt[] coefficients = Values(n, 7500u + (ulong)logN);
        Felt offset = Felt.Generator;
        Felt[] padded = new Felt[n * blowup];
        Felt power = Felt.One;
        for (int i = 0; i < n; i++)
        {
            padded[i] = coefficients[i] * power;
            power *= offset;
        }
        Ntt.Forward(padded);
        OnBothPaths(() => Assert.Equal(padded, Ntt.EvaluateOnCoset(coefficients, n * blowup, offset)));
    }
}
