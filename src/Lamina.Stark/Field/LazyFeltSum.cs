using System.Runtime.CompilerServices;

namespace Lamina.Stark.Field;

/// <summary>
/// A sum of field elements and of products of two, kept unreduced as a 192-bit integer (top·2^128 + hi·2^64 + lo) and
/// reduced once at the end: per term one 64×64-bit product and three additions with carries instead of a reduction and
/// a modular addition (the three-word accumulation of <see cref="Felt.SumOfProducts(ulong, ulong, ulong, ulong, ulong, ulong)"/>,
/// held in a struct across a loop). The verifier's boundary sum adds three such products per assertion, tens of
/// thousands at 1,024 transfers. Exact: the value is the same field element as the sum reduced term by term.
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
    public void AddProduct(Felt a, Felt b) => Felt.AccumulateProduct(ref _hi, ref _lo, ref _top, a.Value, b.Value);

    /// <summary>The sum as a field element: 2^64 ≡ 2^32 − 1, so 2^128 ≡ 2^64 − 2^33 + 1 ≡ −2^32, and top·2^128 ≡ −top·2^32
    /// (top counts the carries out of 128 bits, fewer than the terms: below 2^32 for any sum this library makes).</summary>
    public readonly Felt Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Felt.Reduce(_hi, _lo, _top);
    }
}
