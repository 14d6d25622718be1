using System.Runtime.CompilerServices;
using Lamina.Stark.Field;

namespace Lamina.Stark.Protocol;

/// <summary>
/// A sum of field elements and of products of two, kept unreduced as a 192-bit integer (top·2^128 + hi·2^64 + lo) and
/// reduced once at the end: per term one 64×64-bit product and three additions with carries instead of a reduction and
/// a modular addition. The verifier's boundary sum adds three such products per assertion, tens of thousands at
/// 1,024 transfers. Exact: the value is the same field element as the sum reduced term by term.
/// </summary>
internal struct LazyFeltSum
{
    private ulong _lo;
    private ulong _hi;
    private ulong _top;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Felt a)
    {
        ulong lo = _lo + a.Value;
        ulong carry = lo < a.Value ? 1UL : 0UL;
        _lo = lo;
        ulong hi = _hi + carry;
        _top += hi < carry ? 1UL : 0UL;
        _hi = hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddProduct(Felt a, Felt b)
    {
        // a, b < p, so the product's high word is below 2^64 − 2^33 and adding the low word's carry to it cannot wrap.
        ulong productHi = Math.BigMul(a.Value, b.Value, out ulong productLo);
        ulong lo = _lo + productLo;
        productHi += lo < productLo ? 1UL : 0UL;
        _lo = lo;
        ulong hi = _hi + productHi;
        _top += hi < productHi ? 1UL : 0UL;
        _hi = hi;
    }

    /// <summary>The sum as a field element: 2^64 ≡ 2^32 − 1, so 2^128 ≡ 2^64 − 2^33 + 1 ≡ −2^32, and top·2^128 ≡ −top·2^32
    /// (top counts the carries out of 128 bits, fewer than the terms: below 2^32 for any sum this library makes).</summary>
    public readonly Felt Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Felt.FromU128(_hi, _lo) - Felt.FromU64(_top << 32);
    }

    /// <summary>a·b in the cubic extension (X³ = 7, as <see cref="Felt3"/>'s product) with one reduction per component
    /// instead of one per base product: the verifier's boundary sum makes three per asserted row, thousands of rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt3 Product(Felt3 a, Felt3 b)
    {
        Felt a1w = Seven(a.C1), a2w = Seven(a.C2);
        LazyFeltSum c0 = default, c1 = default, c2 = default;
        c0.AddProduct(a.C0, b.C0);
        c0.AddProduct(a1w, b.C2);
        c0.AddProduct(a2w, b.C1);
        c1.AddProduct(a.C0, b.C1);
        c1.AddProduct(a.C1, b.C0);
        c1.AddProduct(a2w, b.C2);
        c2.AddProduct(a.C0, b.C2);
        c2.AddProduct(a.C1, b.C1);
        c2.AddProduct(a.C2, b.C0);
        return new Felt3(c0.Value, c1.Value, c2.Value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt Seven(Felt a)
    {
        Felt a2 = a + a;
        Felt a4 = a2 + a2;
        return a4 + a2 + a;
    }
}
