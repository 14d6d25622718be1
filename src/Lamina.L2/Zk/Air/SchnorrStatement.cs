using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// One signature a <see cref="SchnorrSignaturesAir"/> proof covers: the key's encoding w(Q), the message digest and
/// the signature. The challenge e is recomputed from them (RPO, natively, by prover and verifier alike); nothing is
/// decoded here: the proof shows that w(Q) and w(R) decode to the points it computes with
/// (<see cref="SchnorrEncodingChecks"/>) and that s·G − e·Q = R, so an encoding that is no group element, or a
/// key ±G, leaves the statement unprovable rather than refused here.
/// </summary>
public sealed class SchnorrStatement
{
    public SchnorrStatement(ZkPublicKey key, RpoDigest message, ZkSignature signature)
        : this(key.W, message, signature)
    {
    }

    public SchnorrStatement(Fp5 key, RpoDigest message, ZkSignature signature)
    {
        Key = key;
        Message = message;
        Signature = signature;
        Challenge = SchnorrRpo.Challenge(signature.R, key, message);
    }

    /// <summary>The claimed key's encoding w(Q).</summary>
    public Fp5 Key { get; }
    public RpoDigest Message { get; }
    public ZkSignature Signature { get; }
    public BigInteger Challenge { get; }
}
