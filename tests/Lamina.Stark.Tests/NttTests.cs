using CsCheck;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;

namespace Lamina.Stark.Tests;

public class NttTests
{
    private static readonly Gen<Felt> GenFelt = Gen.ULong.Select(Felt.FromU64);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(1 << 17)]
    public void ForwardThenInverseIsIdentity(int n)
    {
        Felt[] values = TestData.Felts(n, (ulong)n);
        Felt[] copy = (Felt[])values.Clone();
        Ntt.Forward(copy);
        Ntt.Inverse(copy);
        Assert.Equal(values, copy);
    }

    [Fact]
    public void KnownValues()
    {
        // Delta → all ones; x → successive powers of ω.
        Felt[] delta = new Felt[16];
        delta[0] = Felt.One;
        Ntt.Forward(delta);
        Assert.All(delta, v => Assert.Equal(Felt.One, v));

        Felt[] x = new Felt[16];
        x[1] = Felt.One;
        Ntt.Forward(x);
        Felt w = Felt.RootOfUnity(4);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(w.Pow((ulong)i), x[i]);
        }

        // [1, 2, 3, 4] on ⟨i⟩ with i = 2^48: p(1) = 10, p(−1) = −2.
        Felt[] small = [1u, 2u, 3u, 4u];
        Ntt.Forward(small);
        Assert.Equal(10UL, small[0].Value);
        Assert.Equal(Felt.Modulus - 2, small[2].Value);
    }

    [Fact]
    public void ForwardMatchesHornerEvaluation()
    {
        GenFelt.Array[32].Sample(coeffs =>
        {
            Felt[] evals = (Felt[])coeffs.Clone();
            Ntt.Forward(evals);
            Felt w = Felt.RootOfUnity(5);
            for (int i = 0; i < 32; i += 7)
            {
                Assert.Equal(Polynomial.Evaluate(coeffs, w.Pow((ulong)i)), evals[i]);
            }
        }, iter: 50);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(18)]
    public void TiledBitReversalMatchesDefinition(int logN)
    {
        // Sizes from 2^14 take the tiled path (even and odd middle widths); 2^13 the element-wise one.
        int n = 1 << logN;
        Felt[] values = new Felt[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Felt.FromU64((ulong)i);
        }
        Ntt.BitReverse(values, logN);
        for (int i = 0; i < n; i++)
        {
            ulong reversed = 0;
            for (int bit = 0; bit < logN; bit++)
            {
                reversed |= (ulong)((i >> bit) & 1) << (logN - 1 - bit);
            }
            Assert.Equal(reversed, values[i].Value);
        }
    }

    [Fact]
    public void LargeParallelTransformMatchesEvaluation()
    {
        int n = 1 << 18;
        Felt[] coeffs = TestData.Felts(n, 7);
        Felt[] evals = (Felt[])coeffs.Clone();
        Ntt.Forward(evals);
        Felt w = Felt.RootOfUnity(18);
        foreach (int i in new[] { 0, 1, 12345, n - 1 })
        {
            Assert.Equal(Polynomial.Evaluate(coeffs, w.Pow((ulong)i)), evals[i]);
        }
    }

    [Fact]
    public void CosetLowDegreeExtensionAgreesWithPolynomial()
    {
        Felt[] coeffs = TestData.Felts(16, 3);
        Felt offset = Felt.Generator;
        Felt[] lde = Ntt.EvaluateOnCoset(coeffs, 128, offset);
        Felt w = Felt.RootOfUnity(7);
        for (int i = 0; i < 128; i += 13)
        {
            Assert.Equal(Polynomial.Evaluate(coeffs, offset * w.Pow((ulong)i)), lde[i]);
        }
        Ntt.InterpolateCoset(lde, offset);
        Assert.Equal(coeffs, lde[..16]);
        Assert.All(lde[16..], c => Assert.Equal(Felt.Zero, c));
    }

    [Fact]
    public void DivisionByVanishingPolynomials()
    {
        // (x^4 − 1)(x + 3) divided by x^4 − 1 gives x + 3; dividing by (x − 1) leaves no remainder.
        Felt three = 3u;
        Felt[] product = [-three, -Felt.One, Felt.Zero, Felt.Zero, three, Felt.One];
        Assert.Equal(new Felt[] { three, Felt.One }, Polynomial.DivideBySubgroupVanishing(product, 4));
        Polynomial.DivideByLinear(product, Felt.One, out Felt remainder);
        Assert.Equal(Felt.Zero, remainder);
        Assert.Throws<ArgumentException>(() => Polynomial.DivideBySubgroupVanishing([Felt.One, Felt.One], 1));
    }
}
