using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Trace layout of <see cref="SchnorrSignaturesAir"/>: one 512-row segment per signature; row i &lt; 320 takes
/// bit 319 − i of s and of e and computes acc ← 2·acc + [s_bit]·G − [e_bit]·Q in affine coordinates, with the
/// slope and an inverse as witnesses. The accumulator starts at a fixed offset point H (so it never meets the
/// neutral, which affine coordinates cannot hold) and row 320 holds 2^320·H + s·G − e·Q.
/// <para>Two idle rows check the statement's points against their encodings, so the verifier decodes nothing
/// (<see cref="SchnorrEncodingChecks"/>): on <see cref="ResultRow"/> (320) R = acc − 2^320·H is computed (slope in
/// <see cref="LambdaA"/>, the inverse of acc.x − (2^320·H).x in <see cref="Inv"/>) and checked to encode to w(R),
/// asserted in <see cref="LambdaD"/>; on <see cref="KeyRow"/> (321) the copied −Q is checked to be the decoding of
/// w(Q), asserted in <see cref="LambdaD"/> (on the curve, on the line of slope w(Q) through N, and x a nonzero square
/// through 1/√x in <see cref="DoubleX"/>), and the copied G − Q to be G + (−Q) (slope in <see cref="LambdaA"/>,
/// inverse in <see cref="Inv"/>).</para>
/// </summary>
public static class SchnorrLayout
{
    public const int SegmentLength = 512;
    public const int Steps = 320;
    public const int ChunkBits = 32;

    public const int AccX = 0, AccY = 5, LambdaD = 10, DoubleX = 15, DoubleY = 20, SBit = 25, EBit = 26;
    public const int SelX = 27, SelY = 32, LambdaA = 37, Inv = 42, NegQX = 47, NegQY = 52, GmQX = 57, GmQY = 62;
    public const int SAcc = 67, EAcc = 68;
    public const int Width = 69;

    /// <summary>The idle rows that check R (the result row, where the accumulator ends) and the key.</summary>
    public const int ResultRow = Steps, KeyRow = Steps + 1;

    /// <summary>Periodic columns: active (rows 0..319 of a segment), copy (all but the segment's last row), chunk
    /// continues, the result row, the key row.</summary>
    public const int ActivePeriodic = 0, CopyPeriodic = 1, ChunkContinuesPeriodic = 2, ResultPeriodic = 3, KeyPeriodic = 4;

    /// <summary>The offset H: the group element encoded as w = 5 (w = 4 is the generator); nobody knows its discrete log.</summary>
    public static readonly EcGfp5Point Offset = FirstDecodable(5);

    /// <summary>2^320·H.</summary>
    public static readonly EcGfp5Point OffsetAfter = Offset.Multiply(System.Numerics.BigInteger.One << Steps);

    public static Felt[][] PeriodicColumns()
    {
        var active = new Felt[SegmentLength];
        var copy = new Felt[SegmentLength];
        var chunk = new Felt[SegmentLength];
        var result = new Felt[SegmentLength];
        var key = new Felt[SegmentLength];
        result[ResultRow] = Felt.One;
        key[KeyRow] = Felt.One;
        for (int r = 0; r < SegmentLength; r++)
        {
            active[r] = r < Steps ? Felt.One : Felt.Zero;
            copy[r] = r < SegmentLength - 1 ? Felt.One : Felt.Zero;
            chunk[r] = r % ChunkBits == ChunkBits - 1 ? Felt.Zero : Felt.One;
        }
        return [active, copy, chunk, result, key];
    }

    private static EcGfp5Point FirstDecodable(uint start)
    {
        for (uint w = start; ; w++)
        {
            if (EcGfp5Point.Decode(Fp5.FromBase(w)) is EcGfp5Point p)
            {
                return p;
            }
        }
    }
}
