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

    /// <summary>r = a·a: over the base field in 15 products (<see cref="Fp5.Squared"/>), otherwise exactly <see cref="MulGeneric{T}"/>(a, a).</summary>
    public static void Square<T>(ReadOnlySpan<T> a, Span<T> r) where T : unmanaged, IStarkField<T>
    {
        if (typeof(T) == typeof(Felt))
        {
            ReadOnlySpan<Felt> x = MemoryMarshal.Cast<T, Felt>(a);
            Fp5 square = Fp5.Squared(x[0], x[1], x[2], x[3], x[4]);
            Write(square, MemoryMarshal.Cast<T, Felt>(r));
            return;
        }
        MulGeneric(a, a, r);
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

    /// <summary>r = a·b over the base field (<see cref="Fp5.Multiply"/>); <paramref name="r"/> may alias an input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulBase(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b, Span<Felt> r)
    {
        Fp5 product = Fp5.Multiply(a[0], a[1], a[2], a[3], a[4], b[0], b[1], b[2], b[3], b[4]);
        r[0] = product.C0;
        r[1] = product.C1;
        r[2] = product.C2;
        r[3] = product.C3;
        r[4] = product.C4;
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
        destination[0] = value.C0;
        destination[1] = value.C1;
        destination[2] = value.C2;
        destination[3] = value.C3;
        destination[4] = value.C4;
    }
}
