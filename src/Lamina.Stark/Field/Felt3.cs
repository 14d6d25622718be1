using System.Runtime.CompilerServices;

namespace Lamina.Stark.Field;

/// <summary>
/// The cubic extension F_p[x]/(x^3 − 7). 7 generates F_p^*, and 3 divides p − 1, so 7 is not a cube and the
/// polynomial is irreducible (the test suite checks this with the Frobenius map). 192 bits of field keep
/// the DEEP and FRI soundness terms far above the 100-bit target even for 2^26-point domains.
/// </summary>
public readonly struct Felt3 : IStarkField<Felt3>
{
    public readonly Felt C0;
    public readonly Felt C1;
    public readonly Felt C2;

    public Felt3(Felt c0, Felt c1, Felt c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    public static Felt3 Zero => default;
    public static Felt3 One => new(Felt.One, Felt.Zero, Felt.Zero);

    public static Felt3 FromBase(Felt value) => new(value, Felt.Zero, Felt.Zero);

    public bool IsBase => C1.Value == 0 && C2.Value == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt MulByW(Felt a)
    {
        // 7a = 8a − a: two additions instead of a full multiplication.
        Felt a2 = a + a;
        Felt a4 = a2 + a2;
        return a4 + a2 + a;
    }

    public static Felt3 operator +(Felt3 a, Felt3 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);
    public static Felt3 operator -(Felt3 a, Felt3 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);
    public static Felt3 operator -(Felt3 a) => new(-a.C0, -a.C1, -a.C2);

    /// <summary>
    /// c0 = a0·b0 + 7·(a1·b2 + a2·b1), c1 = a0·b1 + a1·b0 + 7·a2·b2, c2 = a0·b2 + a1·b1 + a2·b0: each a sum of three
    /// products (7·a1 and 7·a2 taken first, by additions), accumulated over 128 bits and reduced once, so three
    /// reductions instead of nine. The same field elements as the textbook formula (<see cref="MulTextbook"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt3 operator *(Felt3 a, Felt3 b)
    {
        ulong a1w = MulByW(a.C1).Value, a2w = MulByW(a.C2).Value;
        return new Felt3(
            Felt.SumOfProducts(a.C0.Value, b.C0.Value, a1w, b.C2.Value, a2w, b.C1.Value),
            Felt.SumOfProducts(a.C0.Value, b.C1.Value, a.C1.Value, b.C0.Value, a2w, b.C2.Value),
            Felt.SumOfProducts(a.C0.Value, b.C2.Value, a.C1.Value, b.C1.Value, a.C2.Value, b.C0.Value));
    }

    /// <summary>The product reduced after every partial product (the tests' reference for the operator).</summary>
    internal static Felt3 MulTextbook(Felt3 a, Felt3 b)
    {
        Felt c0 = a.C0 * b.C0 + MulByW(a.C1 * b.C2 + a.C2 * b.C1);
        Felt c1 = a.C0 * b.C1 + a.C1 * b.C0 + MulByW(a.C2 * b.C2);
        Felt c2 = a.C0 * b.C2 + a.C1 * b.C1 + a.C2 * b.C0;
        return new Felt3(c0, c1, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt3 MulBase(Felt3 a, Felt b) => new(a.C0 * b, a.C1 * b, a.C2 * b);

    public static Felt3 operator *(Felt3 a, Felt b) => MulBase(a, b);
    public static Felt3 operator +(Felt3 a, Felt b) => new(a.C0 + b, a.C1, a.C2);
    public static Felt3 operator -(Felt3 a, Felt b) => new(a.C0 - b, a.C1, a.C2);
    public static Felt3 operator -(Felt a, Felt3 b) => new(a - b.C0, -b.C1, -b.C2);

    public static bool operator ==(Felt3 a, Felt3 b) => a.Equals(b);
    public static bool operator !=(Felt3 a, Felt3 b) => !a.Equals(b);

    public Felt3 Square() => this * this;

    public Felt3 Pow(ulong exponent)
    {
        Felt3 result = One;
        Felt3 b = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= b;
            }
            b *= b;
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>Inverse through the adjugate of the multiplication matrix; the inverse of zero is zero.</summary>
    public Felt3 Inverse()
    {
        Felt b0 = C0 * C0 - MulByW(C1 * C2);
        Felt b1 = MulByW(C2 * C2) - C0 * C1;
        Felt b2 = C1 * C1 - C0 * C2;
        Felt norm = C0 * b0 + MulByW(C1 * b2 + C2 * b1);
        Felt inv = norm.Inverse();
        return new Felt3(b0 * inv, b1 * inv, b2 * inv);
    }

    public bool Equals(Felt3 other) => C0 == other.C0 && C1 == other.C1 && C2 == other.C2;
    public override bool Equals(object? obj) => obj is Felt3 o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(C0.Value, C1.Value, C2.Value);
    public override string ToString() => $"({C0}, {C1}, {C2})";
}
