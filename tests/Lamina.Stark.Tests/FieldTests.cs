using System.Numerics;
using CsCheck;
using Lamina.Stark.Field;

namespace Lamina.Stark.Tests;

public class FieldTests
{
    private static readonly BigInteger P = Felt.Modulus;
    private static readonly Gen<Felt> GenFelt = Gen.ULong.Select(Felt.FromU64);
    private static readonly Gen<Felt3> GenFelt3 = Gen.Select(GenFelt, GenFelt, GenFelt, (a, b, c) => new Felt3(a, b, c));
    private static readonly Gen<Felt2> GenFelt2 = Gen.Select(GenFelt, GenFelt, (a, b) => new Felt2(a, b));

    [Fact]
    public void ArithmeticMatchesBigIntegerReference()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Sample(t =>
        {
            var (x, y) = t;
            Felt a = Felt.FromU64(x), b = Felt.FromU64(y);
            BigInteger ba = x % P, bb = y % P;
            Assert.Equal((ulong)((ba + bb) % P), (a + b).Value);
            Assert.Equal((ulong)(((ba - bb) % P + P) % P), (a - b).Value);
            Assert.Equal((ulong)(ba * bb % P), (a * b).Value);
        }, iter: 20_000);
    }

    [Fact]
    public void EdgeValuesReduceCorrectly()
    {
        ulong[] edges = [0, 1, 2, Felt.Epsilon, Felt.Epsilon + 1, Felt.Modulus - 1, Felt.Modulus - 2, 1UL << 32, 1UL << 63, ulong.MaxValue - Felt.Modulus];
        foreach (ulong x in edges)
        {
            foreach (ulong y in edges)
            {
                Felt a = Felt.FromU64(x), b = Felt.FromU64(y);
                BigInteger ba = x % P, bb = y % P;
                Assert.Equal((ulong)((ba + bb) % P), (a + b).Value);
                Assert.Equal((ulong)(((ba - bb) % P + P) % P), (a - b).Value);
                Assert.Equal((ulong)(ba * bb % P), (a * b).Value);
            }
        }
    }

    [Fact]
    public void InverseAndPowProperties()
    {
        GenFelt.Sample(a =>
        {
            if (a != Felt.Zero)
            {
                Assert.Equal(Felt.One, a * a.Inverse());
            }
            Assert.Equal(a.Pow(7), a.Pow7());
        }, iter: 2_000);
        Assert.Equal(Felt.Zero, Felt.Zero.Inverse());
    }

    [Fact]
    public void NonCanonicalValuesAreRejected()
    {
        Assert.False(Felt.TryFromCanonical(Felt.Modulus, out _));
        Assert.False(Felt.TryFromCanonical(ulong.MaxValue, out _));
        Assert.True(Felt.TryFromCanonical(Felt.Modulus - 1, out _));
    }

    [Fact]
    public void RootsOfUnityHaveExactOrder()
    {
        // Known values: −1 is the square root of unity, and 2^48 is a 4th root since 2^96 ≡ −1.
        Assert.Equal(Felt.Modulus - 1, Felt.RootOfUnity(1).Value);
        Felt w4 = Felt.RootOfUnity(2);
        Assert.True(w4.Value == 1UL << 48 || w4.Value == Felt.Modulus - (1UL << 48));
        Felt w = Felt.RootOfUnity(32);
        Assert.Equal(Felt.One, w.Pow(1UL << 32));
        Assert.NotEqual(Felt.One, w.Pow(1UL << 31));
    }

    [Fact]
    public void Felt3_product_reduced_once_equals_the_textbook_product()
    {
        // Edge coefficients (0, 1, p − 1, p − 2, 2^32 − 1, 2^63) make every 128-bit carry of the lazy sums happen.
        Felt[] edges = [Felt.Zero, Felt.One, Felt.FromU64(Felt.Modulus - 1), Felt.FromU64(Felt.Modulus - 2), Felt.FromU64(0xFFFF_FFFF), Felt.FromU64(1UL << 63)];
        Gen<Felt> coefficient = Gen.OneOf(GenFelt, Gen.Int[0, edges.Length - 1].Select(i => edges[i]));
        Gen<Felt3> element = Gen.Select(coefficient, coefficient, coefficient, (a, b, c) => new Felt3(a, b, c));
        Gen.Select(element, element).Sample(t => Assert.Equal(Felt3.MulTextbook(t.Item1, t.Item2), t.Item1 * t.Item2), iter: 20_000);
        var top = new Felt3(edges[2], edges[2], edges[2]);
        Assert.Equal(Felt3.MulTextbook(top, top), top * top);
    }

    [Fact]
    public void Felt3FieldAxioms()
    {
        Gen.Select(GenFelt3, GenFelt3, GenFelt3).Sample(t =>
        {
            var (a, b, c) = t;
            Assert.Equal(a * (b + c), a * b + a * c);
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a * b, b * a);
            Assert.Equal(a, a + b - b);
            if (a != Felt3.Zero)
            {
                Assert.Equal(Felt3.One, a * a.Inverse());
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Felt2FieldAxioms()
    {
        Gen.Select(GenFelt2, GenFelt2, GenFelt2).Sample(t =>
        {
            var (a, b, c) = t;
            Assert.Equal(a * (b + c), a * b + a * c);
            Assert.Equal((a * b) * c, a * (b * c));
            if (a != Felt2.Zero)
            {
                Assert.Equal(Felt2.One, a * a.Inverse());
            }
        }, iter: 2_000);
    }

    [Fact]
    public void ExtensionPolynomialsAreIrreducible()
    {
        // x^3 − 7 is irreducible iff the Frobenius x ↦ x^p moves x but x^(p^3) = x.
        Felt3 x3 = new(Felt.Zero, Felt.One, Felt.Zero);
        Felt3 f1 = x3.Pow(Felt.Modulus);
        Assert.NotEqual(x3, f1);
        Assert.Equal(x3, f1.Pow(Felt.Modulus).Pow(Felt.Modulus));
        // x^2 − 7: x^p ≠ x and x^(p^2) = x.
        Felt2 x2 = new(Felt.Zero, Felt.One);
        Felt2 g1 = x2.Pow(Felt.Modulus);
        Assert.NotEqual(x2, g1);
        Assert.Equal(x2, g1.Pow(Felt.Modulus));
    }

    [Fact]
    public void BatchInversionMatchesSingleInversion()
    {
        GenFelt3.Array[0, 50].Sample(values =>
        {
            Felt3[] copy = (Felt3[])values.Clone();
            BatchInversion.InvertInPlace<Felt3>(copy);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i].Inverse(), copy[i]);
            }
        }, iter: 200);
        Felt[] withZero = [Felt.FromU64(5), Felt.Zero, Felt.FromU64(9)];
        BatchInversion.InvertInPlace<Felt>(withZero);
        Assert.Equal(Felt.Zero, withZero[1]);
        Assert.Equal(Felt.FromU64(9).Inverse(), withZero[2]);
    }
}
