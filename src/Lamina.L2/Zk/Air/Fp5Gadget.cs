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
