using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lamina.Stark.Field;

/// <summary>
/// A sum of products on four AVX2 lanes, exact and reduced once: each 64×64-bit product (of any 64-bit words) is four
/// 32×32-bit partial products whose 32-bit halves are summed by weight (2^0, 2^32, 2^64, 2^96) in 64-bit lanes, which
/// grow by less than 2^34 per product and so cannot overflow below 2^30 products. A reduction and a canonical addition
/// per product were most of the cost of the prover's long dot products (DEEP combination, out-of-domain evaluation);
/// the value is the same field element. Only where <see cref="GoldilocksVector.IsSupported"/>.
/// </summary>
internal struct WeightedHalves
{
    private Vector256<ulong> _w0, _w1, _w2, _w3;

    /// <summary>Adds a·b lane by lane, b given as its low and high 32-bit halves (each in the low half of its lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<ulong> a, Vector256<ulong> bLow, Vector256<ulong> bHigh)
    {
        Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
        Vector256<uint> a0 = a.AsUInt32(), a1 = Avx2.ShiftRightLogical(a, 32).AsUInt32();
        Vector256<ulong> ll = Avx2.Multiply(a0, bLow.AsUInt32()), lh = Avx2.Multiply(a0, bHigh.AsUInt32());
        Vector256<ulong> hl = Avx2.Multiply(a1, bLow.AsUInt32()), hh = Avx2.Multiply(a1, bHigh.AsUInt32());
        _w0 += ll & low32;
        _w1 += Avx2.ShiftRightLogical(ll, 32) + (lh & low32) + (hl & low32);
        _w2 += Avx2.ShiftRightLogical(lh, 32) + Avx2.ShiftRightLogical(hl, 32) + (hh & low32);
        _w3 += Avx2.ShiftRightLogical(hh, 32);
    }

    /// <summary>Adds a·b lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<ulong> a, Vector256<ulong> b) => Add(a, b, Avx2.ShiftRightLogical(b, 32));

    /// <summary>Each lane's sum, w0 + w1·2^32 + w2·2^64 + w3·2^96 mod p (2^64 ≡ 2^32 − 1, 2^96 ≡ −1), canonical.</summary>
    public readonly void Reduce(Span<Felt> destination)
    {
        for (int lane = 0; lane < 4; lane++)
        {
            destination[lane] = Lane(lane);
        }
    }

    /// <summary>The sum of the four lanes' sums.</summary>
    public readonly Felt Total() => Lane(0) + Lane(1) + Lane(2) + Lane(3);

    private readonly Felt Lane(int lane) =>
        Felt.FromU64(_w0.GetElement(lane)) + Felt.FromU64(_w1.GetElement(lane)) * TwoTo32
        + Felt.FromU64(_w2.GetElement(lane)) * TwoTo64 - Felt.FromU64(_w3.GetElement(lane));

    private static Felt TwoTo32 => Felt.FromU64(1UL << 32);

    private static Felt TwoTo64 => Felt.FromU64(0xFFFF_FFFFUL);
}
