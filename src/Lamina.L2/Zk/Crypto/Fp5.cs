using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Crypto;

/// <summary>
/// An element of GF(p^5) = GF(p)[z]/(z^5 − 3) over Goldilocks p, the base field of Pornin's ECgFp5 curve
/// (eprint 2022/274). Coefficients are canonical <see cref="Felt"/>s, so equality is coefficient equality and
/// the 40-byte encoding (five little-endian u64, Pornin's convention) is unique.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Fp5 : IStarkField<Fp5>
{
    public const int ByteLength = 40;

    public readonly Felt C0, C1, C2, C3, C4;

    public Fp5(Felt c0, Felt c1, Felt c2, Felt c3, Felt c4)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
        C3 = c3;
        C4 = c4;
    }

    /// <summary>From five values that must already be canonical (below p).</summary>
    public static Fp5 FromCanonical(ulong c0, ulong c1, ulong c2, ulong c3, ulong c4) =>
        new(Canonical(c0), Canonical(c1), Canonical(c2), Canonical(c3), Canonical(c4));

    public static Fp5 Zero => default;
    public static Fp5 One => new(Felt.One, Felt.Zero, Felt.Zero, Felt.Zero, Felt.Zero);
    public static Fp5 FromBase(Felt value) => new(value, Felt.Zero, Felt.Zero, Felt.Zero, Felt.Zero);

    public bool IsZero => C0 == Felt.Zero && C1 == Felt.Zero && C2 == Felt.Zero && C3 == Felt.Zero && C4 == Felt.Zero;

    /// <summary>Coefficient <paramref name="index"/>: the five fields are laid out in order (a sequential struct), so this is one
    /// load, where a switch kept the constraint code that reads constants coefficient by coefficient from inlining it.</summary>
    public Felt this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (unchecked((uint)index) >= 5)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            return Unsafe.Add(ref Unsafe.AsRef(in C0), index);
        }
    }

    public static Fp5 operator +(Fp5 a, Fp5 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2, a.C3 + b.C3, a.C4 + b.C4);
    public static Fp5 operator -(Fp5 a, Fp5 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2, a.C3 - b.C3, a.C4 - b.C4);
    public static Fp5 operator -(Fp5 a) => new(-a.C0, -a.C1, -a.C2, -a.C3, -a.C4);

    /// <summary>Schoolbook product; z^5 = 3 folds the high half back with a factor 3.</summary>
    public static Fp5 operator *(Fp5 a, Fp5 b) => Multiply(a.C0, a.C1, a.C2, a.C3, a.C4, b.C0, b.C1, b.C2, b.C3, b.C4);

    /// <summary>
    /// (a0 + … + a4·z^4)·(b0 + … + b4·z^4) with z^5 = 3: coefficient i is Σ_(j≤i) a_j·b_(i−j) + Σ_(j&gt;i) a_j·3b_(i−j+5), five
    /// 128-bit products summed exactly in three words and reduced once (2^128 ≡ −2^32 mod p), where a product per term
    /// reduced each one (the prover's signature constraints and the native verification are made of these).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp5 Multiply(Felt a0, Felt a1, Felt a2, Felt a3, Felt a4, Felt b0, Felt b1, Felt b2, Felt b3, Felt b4)
    {
        Felt c1 = b1 + b1 + b1, c2 = b2 + b2 + b2, c3 = b3 + b3 + b3, c4 = b4 + b4 + b4;
        return new Fp5(
            Felt.SumOfProducts(a0.Value, b0.Value, a1.Value, c4.Value, a2.Value, c3.Value, a3.Value, c2.Value, a4.Value, c1.Value),
            Felt.SumOfProducts(a0.Value, b1.Value, a1.Value, b0.Value, a2.Value, c4.Value, a3.Value, c3.Value, a4.Value, c2.Value),
            Felt.SumOfProducts(a0.Value, b2.Value, a1.Value, b1.Value, a2.Value, b0.Value, a3.Value, c4.Value, a4.Value, c3.Value),
            Felt.SumOfProducts(a0.Value, b3.Value, a1.Value, b2.Value, a2.Value, b1.Value, a3.Value, b0.Value, a4.Value, c4.Value),
            Felt.SumOfProducts(a0.Value, b4.Value, a1.Value, b3.Value, a2.Value, b2.Value, a3.Value, b1.Value, a4.Value, b0.Value));
    }

    public static Fp5 operator *(Fp5 a, Felt k) => new(a.C0 * k, a.C1 * k, a.C2 * k, a.C3 * k, a.C4 * k);

    public static Fp5 MulBase(Fp5 a, Felt b) => a * b;

    public Fp5 Square() => Squared(C0, C1, C2, C3, C4);

    /// <summary>
    /// a² with z^5 = 3 in 15 products instead of the 25 of <see cref="Multiply"/>: each cross product a_i·a_j (i ≠ j) appears
    /// twice, so it is taken once against a doubled (and, past z^4, tripled) factor. Coefficient k sums the three products
    /// with i + j ≡ k (mod 5), exactly like <see cref="Multiply"/> and reduced once: the same canonical value as a·a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp5 Squared(Felt a0, Felt a1, Felt a2, Felt a3, Felt a4)
    {
        Felt d1 = a1 + a1, d2 = a2 + a2, d3 = a3 + a3, d4 = a4 + a4;
        Felt t3 = d3 + a3, t4 = d4 + a4, s3 = t3 + t3, s4 = t4 + t4;
        return new Fp5(
            Felt.SumOfProducts(a0.Value, a0.Value, a1.Value, s4.Value, a2.Value, s3.Value),
            Felt.SumOfProducts(a0.Value, d1.Value, a2.Value, s4.Value, a3.Value, t3.Value),
            Felt.SumOfProducts(a0.Value, d2.Value, a1.Value, a1.Value, a3.Value, s4.Value),
            Felt.SumOfProducts(a0.Value, d3.Value, a1.Value, d2.Value, a4.Value, t4.Value),
            Felt.SumOfProducts(a0.Value, d4.Value, a1.Value, d3.Value, a2.Value, a2.Value));
    }

    public static bool operator ==(Fp5 a, Fp5 b) => a.Equals(b);
    public static bool operator !=(Fp5 a, Fp5 b) => !a.Equals(b);

    /// <summary>x^p: coefficient i is multiplied by 3^(i(p−1)/5), since z^p = z·(z^5)^((p−1)/5).</summary>
    public Fp5 Frobenius() => new(C0, C1 * Fp5Constants.Frob1[1], C2 * Fp5Constants.Frob1[2], C3 * Fp5Constants.Frob1[3], C4 * Fp5Constants.Frob1[4]);

    /// <summary>x^(p^2): coefficient i times 3^(2i(p−1)/5).</summary>
    public Fp5 Frobenius2() => new(C0, C1 * Fp5Constants.Frob2[1], C2 * Fp5Constants.Frob2[2], C3 * Fp5Constants.Frob2[3], C4 * Fp5Constants.Frob2[4]);

    /// <summary>
    /// The norm x^(1+p+p^2+p^3+p^4), which lies in GF(p), together with x^(p+p^2+p^3+p^4) (= norm / x).
    /// </summary>
    private Felt Norm(out Fp5 conjugateProduct)
    {
        Fp5 t0 = Frobenius();
        Fp5 t1 = t0 * t0.Frobenius();
        conjugateProduct = t1 * t1.Frobenius2();
        Fp5 t2 = conjugateProduct;
        // Only the constant coefficient of x·t2 is needed: it is the whole product.
        Felt three = 3u;
        return C0 * t2.C0 + three * (C1 * t2.C4 + C2 * t2.C3 + C3 * t2.C2 + C4 * t2.C1);
    }

    /// <summary>1/x through the norm (one base-field inversion); the inverse of zero is zero.</summary>
    public Fp5 Inverse()
    {
        if (IsZero)
        {
            return Zero;
        }
        Felt norm = Norm(out Fp5 rest);
        return rest * norm.Inverse();
    }

    public static Fp5 operator /(Fp5 a, Fp5 b) => a * b.Inverse();

    /// <summary>Legendre symbol: 0 for zero, 1 for a non-zero square, −1 otherwise (x is a square iff its norm is).</summary>
    public int Legendre()
    {
        if (IsZero)
        {
            return 0;
        }
        Felt norm = Norm(out _);
        Felt symbol = norm.Pow((Felt.Modulus - 1) / 2);
        return symbol == Felt.One ? 1 : -1;
    }

    public Fp5 Pow(BigInteger exponent)
    {
        Fp5 result = One;
        Fp5 power = this;
        while (!exponent.IsZero)
        {
            if (!exponent.IsEven)
            {
                result *= power;
            }
            power = power.Square();
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>
    /// A square root through the norm (Pornin's method): with r = 1 + p + … + p^4 and e = x^((r−1)/2) (one 63-bit
    /// power and two Frobenius maps), x^r = x·e² lies in GF(p), and √x = √(x^r) / e. Returns false for non-squares.
    /// </summary>
    public bool TrySqrt(out Fp5 root)
    {
        root = Zero;
        if (IsZero)
        {
            return true;
        }
        Fp5 d = PowU64((Felt.Modulus + 1) / 2);
        Fp5 e = (d * d.Frobenius2()).Frobenius();
        Fp5 norm = this * e.Square();
        if (norm.C1 != Felt.Zero || norm.C2 != Felt.Zero || norm.C3 != Felt.Zero || norm.C4 != Felt.Zero)
        {
            throw new InvalidOperationException("x^r must lie in the base field");
        }
        if (!GoldilocksSqrt.TrySqrt(norm.C0, out Felt s))
        {
            return false;
        }
        root = FromBase(s) * e.Inverse();
        return true;
    }

    private Fp5 PowU64(ulong exponent)
    {
        Fp5 result = One;
        Fp5 power = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= power;
            }
            power = power.Square();
            exponent >>= 1;
        }
        return result;
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException($"destination needs {ByteLength} bytes", nameof(destination));
        }
        for (int i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(8 * i), this[i].Value);
        }
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses 40 bytes; every coefficient must be canonical (below p), so the encoding is unique.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Fp5 value)
    {
        value = Zero;
        if (bytes.Length != ByteLength)
        {
            return false;
        }
        Span<Felt> c = stackalloc Felt[5];
        for (int i = 0; i < 5; i++)
        {
            if (!Felt.TryFromCanonical(BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8 * i)), out c[i]))
            {
                return false;
            }
        }
        value = new Fp5(c[0], c[1], c[2], c[3], c[4]);
        return true;
    }

    public bool Equals(Fp5 other) => C0 == other.C0 && C1 == other.C1 && C2 == other.C2 && C3 == other.C3 && C4 == other.C4;
    public override bool Equals(object? obj) => obj is Fp5 f && Equals(f);
    public override int GetHashCode() => HashCode.Combine(C0.Value, C1.Value, C2.Value, C3.Value, C4.Value);
    public override string ToString() => $"({C0}, {C1}, {C2}, {C3}, {C4})";

    private static Felt Canonical(ulong value) =>
        Felt.TryFromCanonical(value, out Felt f) ? f : throw new ArgumentOutOfRangeException(nameof(value), "coefficient is not below p");
}
