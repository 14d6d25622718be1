using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// One signature a <see cref="SchnorrSignaturesAir"/> proof covers: key, message digest and signature. The
/// challenge e is recomputed from them (RPO, natively, by prover and verifier alike) and the proof shows
/// s·G − e·Q = R with the scalar bits bound to s and e.
/// </summary>
public sealed class SchnorrStatement
{
    public SchnorrStatement(ZkPublicKey key, RpoDigest message, ZkSignature signature)
    {
        Key = key;
        Message = message;
        Signature = signature;
        Challenge = SchnorrRpo.Challenge(signature.R, key.W, message);
        EcGfp5Point q = key.Point;
        NegatedKey = -q;
        GeneratorMinusKey = EcGfp5Point.Generator - q;
        if (GeneratorMinusKey.IsNeutral)
        {
            throw new ArgumentException("the key equals the generator (secret 1); such keys are refused", nameof(key));
        }
        EcGfp5Point? r = EcGfp5Point.Decode(signature.R);
        if (r is null || r.Value.IsNeutral)
        {
            throw new ArgumentException("the signature commitment is not a non-neutral group element", nameof(signature));
        }
        ExpectedAccumulator = r.Value + SchnorrLayout.OffsetAfter;
    }

    public ZkPublicKey Key { get; }
    public RpoDigest Message { get; }
    public ZkSignature Signature { get; }
    public BigInteger Challenge { get; }
    public EcGfp5Point NegatedKey { get; }
    public EcGfp5Point GeneratorMinusKey { get; }

    /// <summary>R + 2^320·H: what the accumulator must hold after the 320 steps when the signature is valid.</summary>
    public EcGfp5Point ExpectedAccumulator { get; }
}
