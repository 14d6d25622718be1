using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// Proof that a validator signed two different votes of the same type for the same height and round. It stands on
/// its own: anyone holding the validator set of that height can check both signatures, so a block that carries it
/// can slash the signer without trusting whoever reported it. The two votes are kept in block-id order so the
/// evidence has exactly one encoding whichever vote was seen first.
/// </summary>
public sealed class DuplicateVoteEvidence : ICanonical<DuplicateVoteEvidence>, IEquatable<DuplicateVoteEvidence>
{
    public const byte Version = 1;

    public DuplicateVoteEvidence(Vote voteA, Vote voteB)
    {
        if (voteA.Type != voteB.Type || voteA.Height != voteB.Height || voteA.Round != voteB.Round)
        {
            throw new ArgumentException("the two votes are not for the same height, round and type");
        }
        if (voteA.Validator != voteB.Validator) throw new ArgumentException("the two votes are from different validators");
        var order = voteA.BlockId.CompareTo(voteB.BlockId);
        if (order == 0) throw new ArgumentException("the two votes are for the same block, which is not equivocation");
        if (order > 0) throw new ArgumentException("the votes must be in block-id order (use Create to order them)");
        VoteA = voteA;
        VoteB = voteB;
    }

    /// <summary>Orders the two conflicting votes canonically.</summary>
    public static DuplicateVoteEvidence Create(Vote first, Vote second)
        => first.BlockId.CompareTo(second.BlockId) < 0 ? new(first, second) : new(second, first);

    public Vote VoteA { get; }
    public Vote VoteB { get; }
    public Address Validator => VoteA.Validator;
    public ulong Height => VoteA.Height;
    public uint Round => VoteA.Round;
    public VoteType Type => VoteA.Type;

    public Hash256 Hash => DomainHasher.Hash(ConsensusDomainTags.Evidence, Canonical.Encode(this));

    /// <summary>Checks the offender is in <paramref name="validators"/> (the set of the evidence height) and both signatures are its.</summary>
    public void Verify(string chainId, ValidatorSet validators, ISignatureVerifier? verifier = null)
    {
        var validator = validators.Find(Validator) ?? throw new InvalidEvidenceException($"{Validator} is not in the validator set of height {Height}");
        verifier ??= Ed25519Verifier.Instance;
        if (!VoteA.VerifySignature(chainId, validator.PublicKey, verifier)) throw new InvalidEvidenceException($"first vote's signature is not {Validator}'s");
        if (!VoteB.VerifySignature(chainId, validator.PublicKey, verifier)) throw new InvalidEvidenceException($"second vote's signature is not {Validator}'s");
    }

    /// <summary>
    /// True when the offence is older than <paramref name="maxAgeBlocks"/> at <paramref name="currentHeight"/>. Old
    /// evidence is refused because the offender may have unbonded since, and a bound keeps the evidence pool finite.
    /// </summary>
    public bool IsExpired(ulong currentHeight, ulong maxAgeBlocks) => currentHeight > Height && currentHeight - Height > maxAgeBlocks;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        VoteA.Encode(writer);
        VoteB.Encode(writer);
    }

    public static DuplicateVoteEvidence Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "duplicate-vote evidence");
        var a = Vote.Decode(ref reader);
        var at = reader.Position;
        var b = Vote.Decode(ref reader);
        if (a.BlockId.CompareTo(b.BlockId) > 0) throw new CodecException(CodecError.NonCanonical, "evidence votes are not in block-id order", at);
        return new DuplicateVoteEvidence(a, b);
    }

    public bool Equals(DuplicateVoteEvidence? other) => other is not null && VoteA.Equals(other.VoteA) && VoteB.Equals(other.VoteB);
    public override bool Equals(object? obj) => Equals(obj as DuplicateVoteEvidence);
    public override int GetHashCode() => HashCode.Combine(VoteA, VoteB);
}
