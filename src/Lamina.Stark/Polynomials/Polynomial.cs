using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>Helpers for polynomials in coefficient form (lowest degree first).</summary>
public static class Polynomial
{
    /// <summary>Horner evaluation of a base-field polynomial at an extension point.</summary>
    public static Felt3 Evaluate(ReadOnlySpan<Felt> coefficients, Felt3 x)
    {
        Felt3 acc = Felt3.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = acc * x + coefficients[i];
        }
        return acc;
    }

    /// <summary>Horner evaluation of a base-field polynomial at a base point.</summary>
    public static Felt Evaluate(ReadOnlySpan<Felt> coefficients, Felt x)
    {
        Felt acc = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = acc * x + coefficients[i];
        }
        return acc;
    }

    /// <summary>Horner evaluation of an extension-field polynomial.</summary>
    public static Felt3 Evaluate(ReadOnlySpan<Felt3> coefficients, Felt3 x)
    {
        Felt3 acc = Felt3.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = acc * x + coefficients[i];
        }
        return acc;
    }

    /// <summary>Horner evaluation of an extension-field polynomial at a base point.</summary>
    public static Felt3 Evaluate(ReadOnlySpan<Felt3> coefficients, Felt x)
    {
        Felt3 acc = Felt3.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = acc * x + coefficients[i];
        }
        return acc;
    }

    /// <summary>Interpolates values given on the subgroup ⟨ω⟩ of size values.Length into coefficients.</summary>
    public static Felt[] InterpolateSubgroup(ReadOnlySpan<Felt> values)
    {
        Felt[] coefficients = BufferPool<Felt>.Shared.Rent(values.Length);
        values.CopyTo(coefficients);
        Ntt.Inverse(coefficients);
        return coefficients;
    }

    /// <summary>Evaluates x^n − 1, the polynomial vanishing on the subgroup of size n.</summary>
    public static Felt3 EvaluateSubgroupVanishing(Felt3 x, int n) => x.Pow((ulong)n) - Felt.One;

    /// <summary>
    /// Divides a polynomial by (x − root) with synthetic division; the remainder is returned separately so
    /// callers can check exact divisibility.
    /// </summary>
    public static Felt[] DivideByLinear(ReadOnlySpan<Felt> coefficients, Felt root, out Felt remainder)
    {
        if (coefficients.Length == 0)
        {
            remainder = Felt.Zero;
            return [];
        }
        Felt[] quotient = new Felt[coefficients.Length - 1];
        Felt carry = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 1; i--)
        {
            carry = coefficients[i] + carry * root;
            quotient[i - 1] = carry;
        }
        remainder = coefficients[0] + carry * root;
        return quotient;
    }

    /// <summary>
    /// Divides by x^n − 1 (the vanishing polynomial of a size-n subgroup); throws if the division is not exact.
    /// </summary>
    public static Felt[] DivideBySubgroupVanishing(ReadOnlySpan<Felt> coefficients, int n)
    {
        if (coefficients.Length <= n)
        {
            foreach (Felt c in coefficients)
            {
                if (c != Felt.Zero)
                {
                    throw new ArgumentException("polynomial is not divisible by the vanishing polynomial");
                }
            }
            return [];
        }
        Felt[] remainder = coefficients.ToArray();
        Felt[] quotient = new Felt[coefficients.Length - n];
        // p(x) = q(x)(x^n − 1) + r: peel off the top coefficients, which belong to q shifted by n.
        for (int i = coefficients.Length - 1; i >= n; i--)
        {
            Felt c = remainder[i];
            quotient[i - n] = c;
            remainder[i] = Felt.Zero;
            remainder[i - n] += c;
        }
        for (int i = 0; i < n; i++)
        {
            if (remainder[i] != Felt.Zero)
            {
                throw new ArgumentException("polynomial is not divisible by the vanishing polynomial");
            }
        }
        return quotient;
    }
}
