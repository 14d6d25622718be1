using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lamina.Stark.Field;

/// <summary>
/// Four Goldilocks multiplications at once with AVX2. The 64×64→128-bit product is assembled from four
/// 32×32→64 multiplies (vpmuludq), then reduced with the same 2^64 ≡ 2^32 − 1, 2^96 ≡ −1 identities as
/// <see cref="Felt"/>. Where AVX-512 (VL, DQ) is present the JIT-time feature checks below pick shorter
/// sequences (vpmullq for the low word, compares into mask registers with masked adds); both give valid
/// representatives. Inputs may be any 64-bit representatives; outputs are representatives in [0, 2^64)
/// that may exceed p until <see cref="Canonicalize"/> is applied.
/// </summary>
internal static class GoldilocksVector
{
    /// <summary>Lets tests run the portable scalar paths on AVX2 machines; both paths give identical results.</summary>
    internal static bool ForceScalarForTests { get; set; }

    public static bool IsSupported => Avx2.IsSupported && !ForceScalarForTests;

    // Properties rather than static readonly fields: Vector256.Create of a constant is a JIT-time constant
    // even in methods compiled before this class is initialized (AggressiveOptimization, tiering off).
    private static Vector256<ulong> Low32 => Vector256.Create(0xFFFF_FFFFUL);
    private static Vector256<ulong> Epsilon => Vector256.Create(Felt.Epsilon);
    private static Vector256<ulong> Modulus => Vector256.Create(Felt.Modulus);

    // The products below are written out in each method instead of sharing a helper that returns both
    // halves (tuple or out parameters): inlined 73 times into the inverse S-box, such a helper's extra
    // locals push the method past the number of locals the JIT keeps in registers, and everything spills.

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
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t, 32) + Avx2.ShiftRightLogical(u, 32);
        // The low word is one vpmullq where AVX-512DQ has it: one instruction instead of two, off the
        // critical path.
        Vector256<ulong> lo = Avx512DQ.VL.IsSupported
            ? Avx512DQ.VL.MultiplyLow(a, b)
            : Avx2.ShiftLeftLogical(u, 32) | (ll & Low32);
        return Reduce(hi, lo);
    }

    /// <summary>
    /// a² with three 32×32 multiplies instead of four: the cross product appears twice, so it is added
    /// once shifted by 33 bits instead of 32 (a² = ll + lh·2^33 + hh·2^64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Square(Vector256<ulong> a)
    {
        Vector256<ulong> aHi = Avx2.ShiftRightLogical(a, 32);
        Vector256<ulong> ll = Avx2.Multiply(a.AsUInt32(), a.AsUInt32());
        Vector256<ulong> lh = Avx2.Multiply(a.AsUInt32(), aHi.AsUInt32());
        Vector256<ulong> hh = Avx2.Multiply(aHi.AsUInt32(), aHi.AsUInt32());
        // t < 2^64 because lh ≤ (2^32 − 1)² and ll / 2^33 < 2^31; the bits of ll below 2^33 cannot carry
        // into the high word, so the high word is hh + ⌊t / 2^31⌋ exactly.
        Vector256<ulong> t = lh + Avx2.ShiftRightLogical(ll, 33);
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t, 31);
        Vector256<ulong> lo = Avx512DQ.VL.IsSupported
            ? Avx512DQ.VL.MultiplyLow(a, a)
            : ll + Avx2.ShiftLeftLogical(lh, 33);
        return Reduce(hi, lo);
    }

    /// <summary>
    /// a·b for long chains of multiplications that are checked once at the end (the inverse S-box). The
    /// reduction leaves out its rarest correction, a borrow that can only happen when an intermediate sum s
    /// is below 2^32 (about 2^−32 per lane for field elements); instead it folds s into
    /// <paramref name="smallest"/>. If <see cref="AnyBelow2To32"/> is false for the final
    /// <paramref name="smallest"/> (start from all ones), every result in the chain is a valid
    /// representative; otherwise the caller must recompute the chain exactly. This saves a compare and a
    /// masked subtract (of about 20 instructions) per multiplication and takes them off the dependency chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyTracked(Vector256<ulong> a, Vector256<ulong> b, ref Vector256<uint> smallest)
    {
        Vector256<ulong> aHi = Avx2.ShiftRightLogical(a, 32);
        Vector256<ulong> bHi = Avx2.ShiftRightLogical(b, 32);
        Vector256<ulong> ll = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        Vector256<ulong> lh = Avx2.Multiply(a.AsUInt32(), bHi.AsUInt32());
        Vector256<ulong> hl = Avx2.Multiply(aHi.AsUInt32(), b.AsUInt32());
        Vector256<ulong> hh = Avx2.Multiply(aHi.AsUInt32(), bHi.AsUInt32());
        Vector256<ulong> t = hl + Avx2.ShiftRightLogical(ll, 32);
        Vector256<ulong> u = lh + (t & Low32);
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t, 32) + Avx2.ShiftRightLogical(u, 32);
        Vector256<ulong> lo = Avx512DQ.VL.IsSupported
            ? Avx512DQ.VL.MultiplyLow(a, b)
            : Avx2.ShiftLeftLogical(u, 32) | (ll & Low32);
        return ReduceTracked(hi, lo, ref smallest);
    }

    /// <summary>a² with the deferred check of <see cref="MultiplyTracked"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SquareTracked(Vector256<ulong> a, ref Vector256<uint> smallest)
    {
        Vector256<ulong> aHi = Avx2.ShiftRightLogical(a, 32);
        Vector256<ulong> ll = Avx2.Multiply(a.AsUInt32(), a.AsUInt32());
        Vector256<ulong> lh = Avx2.Multiply(a.AsUInt32(), aHi.AsUInt32());
        Vector256<ulong> hh = Avx2.Multiply(aHi.AsUInt32(), aHi.AsUInt32());
        Vector256<ulong> t = lh + Avx2.ShiftRightLogical(ll, 33);
        Vector256<ulong> hi = hh + Avx2.ShiftRightLogical(t, 31);
        Vector256<ulong> lo = Avx512DQ.VL.IsSupported
            ? Avx512DQ.VL.MultiplyLow(a, a)
            : ll + Avx2.ShiftLeftLogical(lh, 33);
        return ReduceTracked(hi, lo, ref smallest);
    }

    /// <summary>Whether a chain tracked in <paramref name="smallest"/> met a sum below 2^32 and must be redone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBelow2To32(Vector256<uint> smallest) =>
        // The tracker keeps 32-bit lane minima; a tracked sum is below 2^32 exactly when its upper half is 0.
        Vector256.EqualsAny(Avx2.ShiftRightLogical(smallest.AsUInt64(), 32), Vector256<ulong>.Zero);

    /// <summary>
    /// Reduces hi·2^64 + lo like <see cref="Reduce"/> but without the borrow correction; see
    /// <see cref="MultiplyTracked"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> ReduceTracked(Vector256<ulong> hi, Vector256<ulong> lo, ref Vector256<uint> smallest)
    {
        // hi·2^64 ≡ hiLo·ε − hiHi with hiLo·ε ≤ (2^32 − 1)², one vpmuludq. The sum s = lo + hiLo·ε may carry
        // (worth ε; then s < hiLo·ε, so s + ε cannot overflow). Subtracting hiHi < 2^32 borrows only if
        // s < 2^32, which the tracker catches: vpminud keeps the per-32-bit-lane minimum, and the upper
        // half of s is 0 exactly when s < 2^32.
        Vector256<ulong> t = Avx2.Multiply(hi.AsUInt32(), Low32.AsUInt32());
        Vector256<ulong> s = lo + t;
        smallest = Avx2.Min(smallest, s.AsUInt32());
        return AddEpsilonWhereLess(s - Avx2.ShiftRightLogical(hi, 32), s, t);
    }

    /// <summary>
    /// x·2^48, a representative of x times the NTT's fourth root of unity (±2^48, since 2^96 ≡ −1): the 128-bit
    /// product is two shifts, so only the reduction is left of a <see cref="Multiply"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyByTwoTo48(Vector256<ulong> x) =>
        Reduce(Avx2.ShiftRightLogical(x, 16), Avx2.ShiftLeftLogical(x, 48));

    /// <summary>
    /// Reduces hi·2^64 + lo (hi ≤ 2^64 − 2, as any product of two 64-bit values has) to a representative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Reduce(Vector256<ulong> hi, Vector256<ulong> lo)
    {
        if (Avx512F.VL.IsSupported)
        {
            // With hi = hiHi·2^32 + hiLo: hi·2^64 ≡ hiLo·2^32 − hiLo − hiHi (2^64 ≡ 2^32 − 1, 2^96 ≡ −1), so
            // the value is lo + x − y with x = hiLo·2^32 and y = hiLo + hiHi < 2^33. The carry of lo + x and
            // the borrow of − y are both read off s = lo + x, so the two corrections run side by side
            // instead of one after the other; AVX-512 compares into mask registers and applies each
            // correction as one masked add. Each wrap of 2^64 is worth ±ε, and the result stays in
            // [0, 2^64) in every case (carry: s < x ≤ 2^64 − 2^32; borrow: s − y + 2^64 ≥ 2^64 − 2^33).
            Vector256<ulong> x = Avx2.ShiftLeftLogical(hi, 32);
            Vector256<ulong> y = (hi & Low32) + Avx2.ShiftRightLogical(hi, 32);
            Vector256<ulong> s = lo + x;
            Vector256<ulong> d = s - y;
            d = Vector256.ConditionalSelect(Vector256.LessThan(s, x), d + Epsilon, d);
            return Vector256.ConditionalSelect(Vector256.LessThan(s, y), d - Epsilon, d);
        }
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
        return AddEpsilonWhereLess(sum, sum, a);
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
        // sumHi = h1·2^32 + h0 with h1 < 2^10: h1·2^64 ≡ h1·ε joins sumLo without overflow (< 2^43), and
        // only the final addition of h0·2^32 can carry (worth ε).
        Vector256<ulong> h1 = Avx2.ShiftRightLogical(sumHi, 32);
        Vector256<ulong> low = sumLo + Avx2.ShiftLeftLogical(h1, 32) - h1;
        Vector256<ulong> x = Avx2.ShiftLeftLogical(sumHi, 32);
        Vector256<ulong> r = low + x;
        return AddEpsilonWhereLess(r, r, x);
    }

    /// <summary>r + ε in the lanes where a &lt; b (unsigned), else r: the usual carry repair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> AddEpsilonWhereLess(Vector256<ulong> r, Vector256<ulong> a, Vector256<ulong> b) =>
        // AVX-512 compares into a mask register and makes the add a single masked instruction; AVX2 builds
        // an all-ones lane mask and adds ε through it.
        Avx512F.VL.IsSupported
            ? Vector256.ConditionalSelect(Vector256.LessThan(a, b), r + Epsilon, r)
            : r + (Vector256.LessThan(a, b) & Epsilon);

    /// <summary>a − b for canonical a and b (a borrow is repaired by subtracting ε, i.e. adding p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SubtractCanonical(Vector256<ulong> a, Vector256<ulong> b) =>
        (a - b) - (Vector256.LessThan(a, b) & Epsilon);

    /// <summary>Maps representatives in [0, 2^64) to [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Canonicalize(Vector256<ulong> x) =>
        x - (Vector256.GreaterThanOrEqual(x, Modulus) & Modulus);
}
