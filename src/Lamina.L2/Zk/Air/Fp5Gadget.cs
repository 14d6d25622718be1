using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// GF(p^5) arithmetic on five consecutive trace values, generic over the STARK field so that the prover (over
/// <see cref="Felt"/>) and the verifier (over Felt3) evaluate identical constraint code. An element is a
/// span of 5 coefficients of 1, z, …, z^4 with z^5 = 3.
/// </summary>
public static class Fp5Gadget
{
    private static readonly Felt Three = 3u;

    public static void Mul<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        if (typeof(T) == typeof(Felt))
        {
            // The prover's hot path (the signature AIR's constraints at every LDE point): the same product, reduced once per
            // coefficient instead of once per partial product.
            MulBase(MemoryMarshal.Cast<T, Felt>(a), MemoryMarshal.Cast<T, Felt>(b), MemoryMarshal.Cast<T, Felt>(r));
            return;
        }
        MulGeneric(a, b, r);
    }

    /// <summary>The product by its formula over any STARK field (the verifier's path; tests compare the prover's with it).</summary>
    internal static void MulGeneric<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        T d0 = a[0] * b[0];
        T d1 = a[0] * b[1] + a[1] * b[0];
        T d2 = a[0] * b[2] + a[1] * b[1] + a[2] * b[0];
        T d3 = a[0] * b[3] + a[1] * b[2] + a[2] * b[1] + a[3] * b[0];
        T d4 = a[0] * b[4] + a[1] * b[3] + a[2] * b[2] + a[3] * b[1] + a[4] * b[0];
        T d5 = a[1] * b[4] + a[2] * b[3] + a[3] * b[2] + a[4] * b[1];
        T d6 = a[2] * b[4] + a[3] * b[3] + a[4] * b[2];
        T d7 = a[3] * b[4] + a[4] * b[3];
        T d8 = a[4] * b[4];
        r[0] = d0 + T.MulBase(d5, Three);
        r[1] = d1 + T.MulBase(d6, Three);
        r[2] = d2 + T.MulBase(d7, Three);
        r[3] = d3 + T.MulBase(d8, Three);
        r[4] = d4;
    }

    /// <summary>
    /// r = a·b over the base field: each coefficient r_i = Σ_(j≤i) a_j·b_(i−j) + Σ_(j&gt;i) a_j·3b_(i−j+5) is five 128-bit products
    /// summed exactly in three words, then reduced once (2^128 ≡ −2^32 mod p). <paramref name="r"/> may alias an input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulBase(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b, Span<Felt> r)
    {
        ulong a0 = a[0].Value, a1 = a[1].Value, a2 = a[2].Value, a3 = a[3].Value, a4 = a[4].Value;
        ulong b0 = b[0].Value, b1 = b[1].Value, b2 = b[2].Value, b3 = b[3].Value, b4 = b[4].Value;
        ulong c1 = Triple(b1), c2 = Triple(b2), c3 = Triple(b3), c4 = Triple(b4);
        Felt r0 = Sum5(a0, b0, a1, c4, a2, c3, a3, c2, a4, c1);
        Felt r1 = Sum5(a0, b1, a1, b0, a2, c4, a3, c3, a4, c2);
        Felt r2 = Sum5(a0, b2, a1, b1, a2, b0, a3, c4, a4, c3);
        Felt r3 = Sum5(a0, b3, a1, b2, a2, b1, a3, b0, a4, c4);
        Felt r4 = Sum5(a0, b4, a1, b3, a2, b2, a3, b1, a4, b0);
        r[0] = r0;
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
    }

    /// <summary>3·x mod p for a canonical x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Triple(ulong x)
    {
        Felt f = Felt.FromU64(x);
        return (f + f + f).Value;
    }

    /// <summary>x0·y0 + … + x4·y4 mod p for canonical inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt Sum5(ulong x0, ulong y0, ulong x1, ulong y1, ulong x2, ulong y2, ulong x3, ulong y3, ulong x4, ulong y4)
    {
        unchecked
        {
            ulong hi = Math.BigMul(x0, y0, out ulong lo);
            ulong top = 0;
            Accumulate(ref hi, ref lo, ref top, x1, y1);
            Accumulate(ref hi, ref lo, ref top, x2, y2);
            Accumulate(ref hi, ref lo, ref top, x3, y3);
            Accumulate(ref hi, ref lo, ref top, x4, y4);
            // top·2^128 ≡ −top·2^32, with top ≤ 4.
            return Felt.FromU128(hi, lo) - Felt.FromU64(top << 32);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref ulong hi, ref ulong lo, ref ulong top, ulong x, ulong y)
    {
        unchecked
        {
            ulong h = Math.BigMul(x, y, out ulong l);
            lo += l;
            // h ≤ 2^64 − 2 for a product of 64-bit values, so h plus the carry still fits.
            h += lo < l ? 1UL : 0UL;
            hi += h;
            top += hi < h ? 1UL : 0UL;
        }
    }

    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        for (int i = 0; i < 5; i++) r[i] = a[i] + b[i];
    }

    public static void Sub<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        for (int i = 0; i < 5; i++) r[i] = a[i] - b[i];
    }

    public static void Scale<T>(ReadOnlySpan<T> a, T k, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        for (int i = 0; i < 5; i++) r[i] = a[i] * k;
    }

    public static void Constant<T>(Fp5 value, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        for (int i = 0; i < 5; i++) r[i] = T.FromBase(value[i]);
    }

    public static void Write(Fp5 value, Span<Felt> destination)
    {
        for (int i = 0; i < 5; i++) destination[i] = value[i];
    }
}
