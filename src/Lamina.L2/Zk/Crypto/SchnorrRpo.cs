using System.Numerics;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Crypto;

/// <summary>
/// Schnorr signatures over ECgFp5 with the challenge computed by RPO-256, so that a STARK over Goldilocks can
/// recompute it cheaply:
/// <code>
/// e = RPO.HashElements(tag ‖ w_R ‖ w_Q ‖ m) read as the 256-bit integer d0 + d1·2^64 + d2·2^128 + d3·2^192
/// sign:   R = k·G,  s = k + e·x mod n
/// verify: s·G − e·Q encodes to w_R (w_R ≠ 0, Q ≠ neutral, s &lt; n)
/// </code>
/// e is below 2^256 &lt; n, so it is used unreduced (an AIR gets its bits straight from the digest limbs).
/// </summary>
public static class SchnorrRpo
{
    /// <summary>Domain tag of the challenge hash (ASCII "zksig-v1" as a little-endian u64 below p).</summary>
    public static readonly Felt ChallengeTag = Felt.FromU64(0x31762D6769736B7AUL);

    public static BigInteger Challenge(Fp5 r, Fp5 publicKey, RpoDigest message)
    {
        Span<Felt> input = stackalloc Felt[15];
        input[0] = ChallengeTag;
        for (int i = 0; i < 5; i++)
        {
            input[1 + i] = r[i];
            input[6 + i] = publicKey[i];
        }
        for (int i = 0; i < 4; i++)
        {
            input[11 + i] = message[i];
        }
        RpoDigest d = Rpo256.HashElements(input);
        BigInteger e = BigInteger.Zero;
        for (int i = 3; i >= 0; i--)
        {
            e = (e << 64) + d[i].Value;
        }
        return e;
    }

    public static bool Verify(ZkPublicKey key, RpoDigest message, ZkSignature signature)
    {
        if (signature.R.IsZero)
        {
            return false;
        }
        BigInteger e = Challenge(signature.R, key.W, message);
        EcGfp5Point expected = EcGfp5Point.JointMultiply(signature.S, EcGfp5Point.Generator, e, -key.Point);
        return !expected.IsNeutral && expected.Encode() == signature.R;
    }
}
