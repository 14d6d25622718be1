namespace Lamina.Stark.Field;

/// <summary>
/// The quadratic extension F_p[x]/(x^2 − 7) (Plonky2 uses the same non-residue 7). Offered for callers who
/// want 128-bit challenges; the prover itself uses <see cref="Felt3"/> so that its soundness is not capped
/// near 128 − log2(domain) bits.
/// </summary>
public readonly struct Felt2 : IStarkField<Felt2>
{
    private static readonly Felt W = 7u;

    public readonly Felt C0;
    public readonly Felt C1;

    public Felt2(Felt c0, Felt c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Felt2 Zero => default;
    public static Felt2 One => new(Felt.One, Felt.Zero);
    public static Felt2 FromBase(Felt value) => new(value, Felt.Zero);

    public static Felt2 operator +(Felt2 a, Felt2 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    public static Felt2 operator -(Felt2 a, Felt2 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    public static Felt2 operator -(Felt2 a) => new(-a.C0, -a.C1);

    public static Felt2 operator *(Felt2 a, Felt2 b) =>
        new(a.C0 * b.C0 + W * (a.C1 * b.C1), a.C0 * b.C1 + a.C1 * b.C0);

    public static Felt2 MulBase(Felt2 a, Felt b) => new(a.C0 * b, a.C1 * b);

    public static bool operator ==(Felt2 a, Felt2 b) => a.Equals(b);
    public static bool operator !=(Felt2 a, Felt2 b) => !a.Equals(b);

    public Felt2 Square() => this * this;

    public Felt2 Pow(ulong exponent)
    {
        Felt2 result = One;
        Felt2 b = this;
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

    /// <summary>(a0 + a1·x)^−1 = (a0 − a1·x) / (a0² − 7·a1²); the inverse of zero is zero.</summary>
    public Felt2 Inverse()
    {
        Felt norm = C0 * C0 - W * (C1 * C1);
        Felt inv = norm.Inverse();
        return new Felt2(C0 * inv, -(C1 * inv));
    }

    public bool Equals(Felt2 other) => C0 == other.C0 && C1 == other.C1;
    public override bool Equals(object? obj) => obj is Felt2 o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(C0.Value, C1.Value);
    public override string ToString() => $"({C0}, {C1})";
}
