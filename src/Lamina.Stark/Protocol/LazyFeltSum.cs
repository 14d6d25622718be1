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
    /// <summary>2^128 mod p: 2^64 ≡ 2^32 − 1, so 2^128 ≡ 2^64 − 2^33 + 1 ≡ −2^32.</summary>
    private static readonly Felt TwoTo128 = Felt.FromU64(Felt.Modulus - (1UL << 32));

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

    public readonly Felt Value => Felt.FromU128(_hi, _lo) + Felt.FromU64(_top) * TwoTo128;
}
