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
/// <see cref="Challenge"/> are computed only when asked (by the prover). The signature itself is then the prover's
/// witness, not public: the trace's w(R) is what the challenge hashes and the result row checks, and s is whatever
/// bits make the accumulator end there, so a proof shows that its prover knows a valid signature (w(R), s mod n) on the
/// message under the key.</para>
/// </summary>
public sealed class SchnorrStatement
{
    // Lazy (thread-safe): the trace builder fills padding segments from the first statement in parallel.
    private readonly Lazy<RpoDigest> _message;
    private readonly Lazy<BigInteger> _challenge;
    private readonly ZkSignature? _signature;

    public SchnorrStatement(ZkPublicKey key, RpoDigest message, ZkSignature signature)
        : this(key.W, message, signature)
    {
    }

    public SchnorrStatement(Fp5 key, RpoDigest message, ZkSignature signature)
    {
        Key = key;
        _message = new Lazy<RpoDigest>(message);
        _signature = signature;
        _challenge = new Lazy<BigInteger>(ComputeChallenge);
    }

    /// <param name="messageElements">RPO.HashElements' input for the message: the domain digest, the kind and its fields
    /// (9 to 16 elements, so two permutations).</param>
    /// <param name="signature">The prover's; null on the verifier's side of a v5 proof, which keeps the signature in
    /// the trace (the proof then shows that the prover knows a valid signature, which is all the verifier needs).</param>
    public SchnorrStatement(Fp5 key, Felt[] messageElements, ZkSignature? signature)
    {
        if (messageElements.Length is < Rpo256.Rate + 1 or > 2 * Rpo256.Rate)
        {
            throw new ArgumentException($"an in-trace message has 9 to 16 elements, not {messageElements.Length}", nameof(messageElements));
        }
        Key = key;
        MessageElements = messageElements;
        _signature = signature;
        _message = new Lazy<RpoDigest>(() => Rpo256.HashElements(messageElements));
        _challenge = new Lazy<BigInteger>(ComputeChallenge);
    }

    /// <summary>The claimed key's encoding w(Q).</summary>
    public Fp5 Key { get; }

    /// <summary>The message's elements, for a statement whose message the proof hashes (v5); null for a digest-only one.</summary>
    public Felt[]? MessageElements { get; }

    public RpoDigest Message => _message.Value;

    /// <summary>The signature; a v5 verifier's statement has none (<see cref="HasSignature"/>).</summary>
    public ZkSignature Signature => _signature ?? throw new InvalidOperationException("this statement's signature stays in the prover's trace");

    public bool HasSignature => _signature is not null;

    public BigInteger Challenge => _challenge.Value;

    private BigInteger ComputeChallenge() => SchnorrRpo.Challenge(Signature.R, Key, Message);
}
