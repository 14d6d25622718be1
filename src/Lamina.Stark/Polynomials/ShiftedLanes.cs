using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>
/// The NTT's butterfly arithmetic on four Goldilocks lanes, with fewer instructions than <see cref="GoldilocksVector"/>
/// where the butterflies allow it.
/// <para>
/// AVX2 has only signed 64-bit compares, and every carry, borrow and canonical check is an unsigned compare. A value
/// held "shifted" (x ⊕ 2^63, written x_s) compares as a signed integer exactly as x does unsigned, so a carry test is one
/// vpcmpgtq instead of two adds of 2^63 and a compare. Shifting commutes with adding or subtracting an unshifted value
/// (x_s + y = (x + y)_s modulo 2^64), and the difference of two shifted values is the unshifted difference. So every
/// operation below takes one operand shifted and gives its result shifted or not as its name says, and the butterflies
/// pick the forms so that few explicit shifts (one vpxor each) are left.
/// </para>
/// <para>
/// Bounds. A "representative" is any 64-bit r ≡ x (mod p); "canonical" means r &lt; p. Products accept any
/// representatives and give a representative. A sum needs one canonical operand, so that the carry's correction (+ε,
/// since 2^64 ≡ ε = 2^32 − 1) cannot wrap again: x + y &lt; 2^64 + p. A difference x − y needs a canonical subtrahend,
/// so that the borrow's correction (+p) lands in [0, 2^64): y − x ≤ p. Values between the transform's passes are
/// representatives; the last pass makes them canonical.
/// </para>
/// </summary>
internal static class ShiftedLanes
{
    private const ulong SignBitValue = 0x8000_0000_0000_0000UL;

    // Properties rather than static readonly fields, like GoldilocksVector's: JIT-time constants.
    private static Vector256<ulong> SignBit => Vector256.Create(SignBitValue);
    private static Vector256<ulong> Epsilon => Vector256.Create(Felt.Epsilon);

    /// <summary>(p − 1) shifted: a shifted x is canonical exactly when it is not greater (signed) than this.</summary>
    private static Vector256<long> LargestCanonicalShifted => Vector256.Create(unchecked((long)((Felt.Modulus - 1) ^ SignBitValue)));

    /// <summary>x ↔ x ⊕ 2^63 (the map is its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Flip(Vector256<ulong> x) => x ^ SignBit;

    /// <summary>All ones where a &gt; b as signed integers (for shifted a and b: as unsigned values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Greater(Vector256<ulong> a, Vector256<ulong> b) =>
        Avx2.CompareGreaterThan(a.AsInt64(), b.AsInt64()).AsUInt64();

    /// <summary>ε in the lanes of an all-ones mask (the mask's top half, one shift and no constant register).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> EpsilonWhere(Vector256<ulong> mask) => Avx2.ShiftRightLogical(mask, 32);

    /// <summary>(a·b)_s, a representative of the product, shifted; a and b may be any representatives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> aHi = Avx2.ShiftRightLogical(a, 32);
        Vector256<ulong> bHi = Avx2.ShiftRightLogical(b, 32);
        Vector256<ulong> ll = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        Vector256<ulong> lh = Avx2.Multiply(a.AsUInt32(), bHi.AsUInt32());
        Vector256<ulong> hl = Avx2.Multiply(aHi.AsUInt32(), b.AsUInt32());
        Vector256<ulong> hh = Avx2.Multiply(aHi.AsUInt32(), bHi.AsUInt32());
        // Schoolbook with 32-bit limbs; t0, t1 ≤ (2^32 − 1)² + 2^32 − 1 &lt; 2^64.
        Vector256<ulong> t0 = hl + Avx2.ShiftRightLogical(ll, 32);
        Vector256<ulong> t1 = lh + (t0 & Epsilon);
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t0, 32) + Avx2.ShiftRightLogical(t1, 32);
        // The low word is t1's low half over ll's low half: a dword shuffle and a blend instead of shift, mask and or.
        Vector256<ulong> lo = Avx2.Blend(ll.AsUInt32(), Avx2.Shuffle(t1.AsUInt32(), 0b10_10_00_00), 0b1010_1010).AsUInt64();
        return Reduce(hi, Flip(lo));
    }

    /// <summary>The canonical a·b, not shifted (the scalings around the transforms, whose outputs are <see cref="Felt"/>s).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyCanonical(Vector256<ulong> a, Vector256<ulong> b) => Flip(Canonical(Multiply(a, b)));

    /// <summary>(x·2^48)_s for any representative x: the product with the transform's fourth root (±2^48) is two shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyByTwoTo48(Vector256<ulong> x) =>
        Reduce(Avx2.ShiftRightLogical(x, 16), Flip(Avx2.ShiftLeftLogical(x, 48)));

    /// <summary>
    /// hi·2^64 + lo modulo p, from lo shifted, as a shifted representative. With hi = hiHi·2^32 + hiLo,
    /// hi·2^64 ≡ hiLo·ε − hiHi (2^64 ≡ ε, 2^96 ≡ −1). lo − hiHi borrows only if lo &lt; hiHi &lt; 2^32; then the result
    /// plus p is in [p − 2^32, p). Adding hiLo·ε ≤ (2^32 − 1)² (one vpmuludq) may carry; then the sum less 2^64 is below
    /// hiLo·ε, so adding ε cannot carry again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Reduce(Vector256<ulong> hi, Vector256<ulong> loShifted)
    {
        Vector256<ulong> d = loShifted - Avx2.ShiftRightLogical(hi, 32);
        d -= EpsilonWhere(Greater(d, loShifted));
        Vector256<ulong> r = d + Avx2.Multiply(hi.AsUInt32(), Epsilon.AsUInt32());
        return r + EpsilonWhere(Greater(d, r));
    }

    /// <summary>The canonical x, shifted, from any shifted representative: x ≥ p becomes x − p = x + ε (mod 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Canonical(Vector256<ulong> xShifted) =>
        xShifted + EpsilonWhere(Avx2.CompareGreaterThan(xShifted.AsInt64(), LargestCanonicalShifted).AsUInt64());

    /// <summary>(x + y)_s from x shifted and y not; one of them canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Add(Vector256<ulong> xShifted, Vector256<ulong> y)
    {
        Vector256<ulong> r = xShifted + y;
        // Carry exactly when the sum is below x.
        return r + EpsilonWhere(Greater(xShifted, r));
    }

    /// <summary>(x − y)_s from x shifted and a canonical y, not shifted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Subtract(Vector256<ulong> xShifted, Vector256<ulong> y)
    {
        Vector256<ulong> r = xShifted - y;
        // Borrow exactly when the difference is above x; adding p modulo 2^64 is subtracting ε.
        return r - EpsilonWhere(Greater(r, xShifted));
    }

    /// <summary>x − y, not shifted, from both shifted; y canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SubtractShifted(Vector256<ulong> xShifted, Vector256<ulong> yShifted) =>
        xShifted - yShifted - EpsilonWhere(Greater(yShifted, xShifted));
}
