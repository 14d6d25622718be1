using System.Numerics;
using Lamina.L2.Zk.Crypto;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Refuses natively exactly what <see cref="SchnorrSignaturesTrace"/> cannot fill, so that the executor can refuse
/// a transaction at admission instead of letting it make its whole batch unprovable. It walks the same accumulator
/// as the trace (2^i·H + s·G − e·Q, one doubling and at most one chord per bit, from the offset H), checking only
/// the three places where the AIR needs an inverse of a value that can be zero for a group element: the key row,
/// each step's chord, the result row. Honest keys and signatures reach none of them except with probability about
/// 2^−300 (the offset's discrete log is unknown, so nobody can aim a signature at one), but keys ±G are public.
/// </summary>
public static class SchnorrProvability
{
    /// <summary>Whether a key can ever sign provably (it is not ±G).</summary>
    public static SchnorrUnprovable? CheckKey(ZkPublicKey key) => CheckKey(key.Point);

    /// <summary>Null if a statement with this key, scalar s and challenge e can be proven; otherwise why not.</summary>
    public static SchnorrUnprovable? Check(ZkPublicKey key, BigInteger s, BigInteger challenge) => Check(key.Point, s, challenge);

    /// <summary>As <see cref="Check(ZkPublicKey, BigInteger, BigInteger)"/>, for a statement (its key must decode).</summary>
    public static SchnorrUnprovable? Check(SchnorrStatement statement) =>
        EcGfp5Point.Decode(statement.Key) is EcGfp5Point q && !q.IsNeutral
            ? Check(q, statement.Signature.S, statement.Challenge)
            : throw new ArgumentException("the statement's key is not a non-neutral group element", nameof(statement));

    internal static SchnorrUnprovable? CheckKey(EcGfp5Point key) =>
        key.X == EcGfp5Point.Generator.X ? SchnorrUnprovable.KeyIsGenerator : null;

    internal static SchnorrUnprovable? Check(EcGfp5Point key, BigInteger s, BigInteger challenge) =>
        Check(key, s, challenge, out _);

    /// <summary>
    /// As <see cref="Check(EcGfp5Point, BigInteger, BigInteger)"/>; when provable, also gives s·G − e·Q, the point a
    /// Schnorr verification computes: the walk ends at 2^Steps·H + s·G − e·Q, and its X differs from 2^Steps·H's, so
    /// subtracting 2^Steps·H is a regular chord. The executor verifies and checks provability with this one walk.
    /// </summary>
    internal static SchnorrUnprovable? Check(EcGfp5Point key, BigInteger s, BigInteger challenge, out EcGfp5Point signedPoint)
    {
        signedPoint = EcGfp5Point.Neutral;
        if (CheckKey(key) is SchnorrUnprovable k)
        {
            return k;
        }
        // Bits read from little-endian bytes: s < n < 2^Steps and e < 2^256, so Steps bits hold both.
        Span<byte> sBytes = stackalloc byte[Steps / 8];
        Span<byte> eBytes = stackalloc byte[Steps / 8];
        sBytes.Clear(); // TryWriteBytes writes only the significant bytes
        eBytes.Clear();
        if (s.Sign < 0 || challenge.Sign < 0
            || !s.TryWriteBytes(sBytes, out _, isUnsigned: true) || !challenge.TryWriteBytes(eBytes, out _, isUnsigned: true))
        {
            throw new ArgumentOutOfRangeException(nameof(s), "the scalar and the challenge are below 2^Steps");
        }
        EcGfp5Point negatedKey = -key;
        EcGfp5Point generatorMinusKey = EcGfp5Point.Generator + negatedKey; // not neutral: the key is not G
        EcGfp5Point acc = Offset;
        for (int i = 0; i < Steps; i++)
        {
            EcGfp5Point doubled = acc.Double(); // acc is a non-neutral element of the odd-order group: Y ≠ 0
            int bit = Steps - 1 - i;
            bool sBit = ((sBytes[bit >> 3] >> (bit & 7)) & 1) != 0;
            bool eBit = ((eBytes[bit >> 3] >> (bit & 7)) & 1) != 0;
            if (!sBit && !eBit)
            {
                acc = doubled;
                continue;
            }
            EcGfp5Point added = sBit && eBit ? generatorMinusKey : sBit ? EcGfp5Point.Generator : negatedKey;
            if (added.X == doubled.X)
            {
                return SchnorrUnprovable.ExceptionalAddition;
            }
            acc = doubled + added;
        }
        if (acc.X == OffsetAfter.X)
        {
            return SchnorrUnprovable.ResultAtOffset;
        }
        signedPoint = acc - OffsetAfter;
        return null;
    }
}
