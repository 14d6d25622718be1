using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// One signature a <see cref="SchnorrSignaturesAir"/> proof covers: the key's encoding w(Q), the message and the
/// signature. Nothing is decoded here: the proof shows that w(Q) and w(R) decode to the points it computes with
/// (<see cref="SchnorrEncodingChecks"/>) and that s·G − e·Q = R, so an encoding that is no group element, or a key ±G,
/// leaves the statement unprovable rather than refused here.
/// <para>Batch proof v4 gives the message digest, and the challenge e is recomputed natively (one RPO hash). Since v5
/// the statement gives the message's elements (domain ‖ kind ‖ fields) and the proof hashes both in the trace
/// (<see cref="SchnorrChallengeConstraints"/>): the verifier hashes nothing, and <see cref="Message"/> and
/// <see cref="Challenge"/> are computed only when asked (by the prover).</para>
/// </summary>
public sealed class SchnorrStatement
{
    // Lazy (thread-safe): the trace builder fills padding segments from the first statement in parallel.
    private readonly Lazy<RpoDigest> _message;
    private readonly Lazy<BigInteger> _challenge;

    public SchnorrStatement(ZkPublicKey key, RpoDigest message, ZkSignature signature)
        : this(key.W, message, signature)
    {
    }

    public SchnorrStatement(Fp5 key, RpoDigest message, ZkSignature signature)
    {
        Key = key;
        _message = new Lazy<RpoDigest>(message);
        Signature = signature;
        _challenge = new Lazy<BigInteger>(ComputeChallenge);
    }

    /// <param name="messageElements">RPO.HashElements' input for the message: the domain digest, the kind and its fields
    /// (9 to 16 elements, so two permutations).</param>
    public SchnorrStatement(Fp5 key, Felt[] messageElements, ZkSignature signature)
    {
        if (messageElements.Length is < Rpo256.Rate + 1 or > 2 * Rpo256.Rate)
        {
            throw new ArgumentException($"an in-trace message has 9 to 16 elements, not {messageElements.Length}", nameof(messageElements));
        }
        Key = key;
        MessageElements = messageElements;
        Signature = signature;
        _message = new Lazy<RpoDigest>(() => Rpo256.HashElements(messageElements));
        _challenge = new Lazy<BigInteger>(ComputeChallenge);
    }

    /// <summary>The claimed key's encoding w(Q).</summary>
    public Fp5 Key { get; }

    /// <summary>The message's elements, for a statement whose message the proof hashes (v5); null for a digest-only one.</summary>
    public Felt[]? MessageElements { get; }

    public RpoDigest Message => _message.Value;

    public ZkSignature Signature { get; }

    public BigInteger Challenge => _challenge.Value;

    private BigInteger ComputeChallenge() => SchnorrRpo.Challenge(Signature.R, Key, Message);
}
