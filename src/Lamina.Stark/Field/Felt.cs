using System.Runtime.CompilerServices;

namespace Lamina.Stark.Field;

/// <summary>
/// An element of the Goldilocks field, p = 2^64 − 2^32 + 1 (the field of Plonky2/3, Winterfell's f64 and Miden).
/// The value is always kept canonical (&lt; p) so that equality and serialization are trivial.
/// </summary>
public readonly struct Felt : IStarkField<Felt>, IComparable<Felt>
{
    /// <summary>p = 2^64 − 2^32 + 1.</summary>
    public const ulong Modulus = 0xFFFF_FFFF_0000_0001UL;

    /// <summary>2^64 mod p = 2^32 − 1; the reduction identities all come from this.</summary>
    internal const ulong Epsilon = 0xFFFF_FFFFUL;

    /// <summary>7 generates the multiplicative group (Plonky2's MULTIPLICATIVE_GROUP_GENERATOR).</summary>
    public static readonly Felt Generator = new(7);

    /// <summary>p − 1 = 2^32 · (2^32 − 1), so subgroups of every power-of-two order up to 2^32 exist.</summary>
    public const int TwoAdicity = 32;

    /// <summary>The canonical representative in [0, p).</summary>
    public readonly ulong Value;

    private Felt(ulong canonical) => Value = canonical;

    public static Felt Zero => default;
    public static Felt One => new(1);

    /// <summary>Reduces any 64-bit integer into the field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt FromU64(ulong value) => new(value >= Modulus ? value - Modulus : value);

    /// <summary>Accepts only canonical values; used by decoders so that every element has exactly one encoding.</summary>
    public static bool TryFromCanonical(ulong value, out Felt result)
    {
        result = new Felt(value);
        return value < Modulus;
    }

    public static Felt FromBase(Felt value) => value;

    public static implicit operator Felt(uint value) => new(value);

    // Carries and borrows below are ~50% likely on random inputs, so they are computed without branches
    // (a mispredicted branch costs more than the whole multiplication). Rare cases (a value in [p, 2^64))
    // keep an ordinary, well-predicted branch.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator +(Felt a, Felt b)
    {
        unchecked
        {
            ulong sum = a.Value + b.Value;
            // Carry out of 64 bits: 2^64 ≡ ε, and adding ε cannot overflow again because both inputs are < p.
            sum += Mask(sum < a.Value) & Epsilon;
            return new Felt(sum >= Modulus ? sum - Modulus : sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator -(Felt a, Felt b)
    {
        unchecked
        {
            ulong diff = a.Value - b.Value;
            // Borrow: adding p modulo 2^64 is the same as subtracting ε.
            return new Felt(diff - (Mask(a.Value < b.Value) & Epsilon));
        }
    }

    /// <summary>All ones if the condition holds, else zero, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(bool condition) => unchecked(0UL - (condition ? 1UL : 0UL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator -(Felt a) => a.Value == 0 ? a : new Felt(Modulus - a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator *(Felt a, Felt b)
    {
        ulong hi = Math.BigMul(a.Value, b.Value, out ulong lo);
        return new Felt(Reduce128(hi, lo));
    }

    public static Felt MulBase(Felt a, Felt b) => a * b;

    public static bool operator ==(Felt a, Felt b) => a.Value == b.Value;
    public static bool operator !=(Felt a, Felt b) => a.Value != b.Value;

    /// <summary>The field element hi·2^64 + lo (any 128-bit value), e.g. a sum of products accumulated without reducing each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt FromU128(ulong hi, ulong lo) => new(Reduce128(hi, lo));

    /// <summary>x0·y0 + x1·y1 + x2·y2 mod p for canonical inputs: 128-bit products summed exactly in three words and reduced
    /// once, where a product per term reduced each one. Local words, not a <see cref="LazyFeltSum"/>: the extension
    /// fields' products are made of these, and the constraint evaluation measured 10 % slower through the struct.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt SumOfProducts(ulong x0, ulong y0, ulong x1, ulong y1, ulong x2, ulong y2)
    {
        ulong hi = Math.BigMul(x0, y0, out ulong lo);
        ulong top = 0;
        AccumulateProduct(ref hi, ref lo, ref top, x1, y1);
        AccumulateProduct(ref hi, ref lo, ref top, x2, y2);
        return Reduce(hi, lo, top);
    }

    /// <summary>x0·y0 + … + x4·y4 mod p for canonical inputs, reduced once like the three-term sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt SumOfProducts(ulong x0, ulong y0, ulong x1, ulong y1, ulong x2, ulong y2, ulong x3, ulong y3, ulong x4, ulong y4)
    {
        ulong hi = Math.BigMul(x0, y0, out ulong lo);
        ulong top = 0;
        AccumulateProduct(ref hi, ref lo, ref top, x1, y1);
        AccumulateProduct(ref hi, ref lo, ref top, x2, y2);
        AccumulateProduct(ref hi, ref lo, ref top, x3, y3);
        AccumulateProduct(ref hi, ref lo, ref top, x4, y4);
        return Reduce(hi, lo, top);
    }

    /// <summary>top·2^128 + hi·2^64 + lo mod p for top &lt; 2^32: 2^128 ≡ −2^32 (2^96 ≡ −1), so top·2^128 ≡ −top·2^32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt Reduce(ulong hi, ulong lo, ulong top) => new Felt(Reduce128(hi, lo)) - new Felt(top << 32);

    /// <summary>(top, hi, lo) += x·y for canonical x, y: the three-word accumulation of every once-reduced sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AccumulateProduct(ref ulong hi, ref ulong lo, ref ulong top, ulong x, ulong y)
    {
        unchecked
        {
            ulong h = Math.BigMul(x, y, out ulong l);
            lo += l;
            // x, y < p, so h is below 2^64 − 2^33 and adding the carry cannot wrap.
            h += lo < l ? 1UL : 0UL;
            hi += h;
            top += hi < h ? 1UL : 0UL;
        }
    }

    /// <summary>
    /// Reduces hi·2^64 + lo modulo p using 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (the "special form" of p),
    /// so no division or Montgomery form is needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reduce128(ulong hi, ulong lo)
    {
        unchecked
        {
            ulong hiHi = hi >> 32;
            ulong hiLo = hi & Epsilon;

            // lo − hiHi·2^96 ≡ lo + (−hiHi)
            ulong t0 = lo - hiHi;
            if (lo < hiHi)
            {
                t0 -= Epsilon;
            }

            // hiLo·2^64 ≡ hiLo·ε
            ulong t1 = (hiLo << 32) - hiLo;
            ulong r = t0 + t1;
            r += Mask(r < t1) & Epsilon;
            return r >= Modulus ? r - Modulus : r;
        }
    }

    /// <summary>Reduces a value below 2^96 (hi &lt; 2^32), the shape that small-constant MDS products produce.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reduce96(ulong hi, ulong lo)
    {
        unchecked
        {
            ulong t1 = (hi << 32) - hi;
            ulong r = lo + t1;
            r += Mask(r < t1) & Epsilon;
            return r >= Modulus ? r - Modulus : r;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Felt Square() => this * this;

    /// <summary>x^7, the RPO S-box.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Felt Pow7()
    {
        Felt x2 = this * this;
        Felt x3 = x2 * this;
        Felt x4 = x2 * x2;
        return x3 * x4;
    }

    public Felt Pow(ulong exponent)
    {
        Felt result = One;
        Felt b = this;
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

    /// <summary>Multiplicative inverse by Fermat (x^(p−2)); the inverse of zero is defined as zero.</summary>
    public Felt Inverse() => Pow(Modulus - 2);

    /// <summary>A primitive 2^logN-th root of unity: 7^((p−1)/2^logN).</summary>
    public static Felt RootOfUnity(int logN)
    {
        if ((uint)logN > TwoAdicity)
        {
            throw new ArgumentOutOfRangeException(nameof(logN), "Goldilocks has two-adicity 32");
        }
        return Generator.Pow((Modulus - 1) >> logN);
    }

    public bool Equals(Felt other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Felt f && f.Value == Value;
    public override int GetHashCode() => Value.GetHashCode();
    public int CompareTo(Felt other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
