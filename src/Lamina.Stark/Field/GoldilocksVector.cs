using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lamina.Stark.Field;

/// <summary>
/// Four Goldilocks multiplications at once with AVX2. The 64×64→128-bit product is assembled from four
/// 32×32→64 multiplies (vpmuludq), then reduced with the same 2^64 ≡ 2^32 − 1, 2^96 ≡ −1 identities as
/// <see cref="Felt"/>. Inputs may be any 64-bit representatives; outputs are representatives in [0, 2^64)
/// that may exceed p until <see cref="Canonicalize"/> is applied.
/// </summary>
internal static class GoldilocksVector
{
    /// <summary>Lets tests run the portable scalar paths on AVX2 machines; both paths give identical results.</summary>
    internal static bool ForceScalarForTests { get; set; }

    public static bool IsSupported => Avx2.IsSupported && !ForceScalarForTests;

    private static readonly Vector256<ulong> Low32 = Vector256.Create(0xFFFF_FFFFUL);
    private static readonly Vector256<ulong> Epsilon = Vector256.Create(0xFFFF_FFFFUL);
    private static readonly Vector256<ulong> Modulus = Vector256.Create(Felt.Modulus);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> aHi = Avx2.ShiftRightLogical(a, 32);
        Vector256<ulong> bHi = Avx2.ShiftRightLogical(b, 32);
        Vector256<ulong> ll = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        Vector256<ulong> lh = Avx2.Multiply(a.AsUInt32(), bHi.AsUInt32());
        Vector256<ulong> hl = Avx2.Multiply(aHi.AsUInt32(), b.AsUInt32());
        Vector256<ulong> hh = Avx2.Multiply(aHi.AsUInt32(), bHi.AsUInt32());

        // Schoolbook with 32-bit limbs; no intermediate sum can exceed 2^64.
        Vector256<ulong> t = hl + Avx2.ShiftRightLogical(ll, 32);
        Vector256<ulong> u = lh + (t & Low32);
        Vector256<ulong> lo = Avx2.ShiftLeftLogical(u, 32) | (ll & Low32);
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t, 32) + Avx2.ShiftRightLogical(u, 32);
        return Reduce(hi, lo);
    }

    /// <summary>a² with three 32×32 multiplies instead of four (the two cross products are equal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Square(Vector256<ulong> a)
    {
        Vector256<ulong> aHi = Avx2.ShiftRightLogical(a, 32);
        Vector256<ulong> ll = Avx2.Multiply(a.AsUInt32(), a.AsUInt32());
        Vector256<ulong> lh = Avx2.Multiply(a.AsUInt32(), aHi.AsUInt32());
        Vector256<ulong> hh = Avx2.Multiply(aHi.AsUInt32(), aHi.AsUInt32());
        Vector256<ulong> t = lh + Avx2.ShiftRightLogical(ll, 32);
        Vector256<ulong> u = lh + (t & Low32);
        Vector256<ulong> lo = Avx2.ShiftLeftLogical(u, 32) | (ll & Low32);
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t, 32) + Avx2.ShiftRightLogical(u, 32);
        return Reduce(hi, lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Reduce(Vector256<ulong> hi, Vector256<ulong> lo)
    {
        Vector256<ulong> hiHi = Avx2.ShiftRightLogical(hi, 32);
        Vector256<ulong> hiLo = hi & Low32;
        Vector256<ulong> t0 = lo - hiHi;
        t0 -= Vector256.LessThan(lo, hiHi) & Epsilon;
        Vector256<ulong> t1 = Avx2.ShiftLeftLogical(hiLo, 32) - hiLo;
        Vector256<ulong> r = t0 + t1;
        return r + (Vector256.LessThan(r, t1) & Epsilon);
    }

    /// <summary>a + b for a representative a and a canonical b (a carry out of 64 bits is worth ε).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> AddCanonical(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> sum = a + b;
        return sum + (Vector256.LessThan(sum, a) & Epsilon);
    }

    /// <summary>x^7 (the RPO S-box) on four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Pow7(Vector256<ulong> x)
    {
        Vector256<ulong> x2 = Square(x);
        Vector256<ulong> x3 = Multiply(x2, x);
        Vector256<ulong> x4 = Square(x2);
        return Multiply(x3, x4);
    }

    /// <summary>
    /// Reduces sumLo + sumHi·2^32 (both below 2^42, as small-constant matrix products produce) to a
    /// representative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ReduceSplitSum(Vector256<ulong> sumLo, Vector256<ulong> sumHi)
    {
        Vector256<ulong> low = sumLo + Avx2.ShiftLeftLogical(sumHi, 32);
        Vector256<ulong> carry = Vector256.LessThan(low, sumLo) & Vector256.Create(1UL);
        Vector256<ulong> high = Avx2.ShiftRightLogical(sumHi, 32) + carry;
        // high < 2^32, so high·2^64 ≡ high·ε.
        Vector256<ulong> t1 = Avx2.ShiftLeftLogical(high, 32) - high;
        Vector256<ulong> r = low + t1;
        return r + (Vector256.LessThan(r, t1) & Epsilon);
    }

    /// <summary>a − b for canonical a and b (a borrow is repaired by subtracting ε, i.e. adding p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SubtractCanonical(Vector256<ulong> a, Vector256<ulong> b) =>
        (a - b) - (Vector256.LessThan(a, b) & Epsilon);

    /// <summary>Maps representatives in [0, 2^64) to [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Canonicalize(Vector256<ulong> x) =>
        x - (Vector256.GreaterThanOrEqual(x, Modulus) & Modulus);
}
