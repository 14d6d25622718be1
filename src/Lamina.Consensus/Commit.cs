using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// Proof that a block is final: precommit signatures from validators holding more than 2/3 of the power.
/// The commit for height h travels in block h+1 as its last commit (as in CometBFT), and is also stored on its own
/// so the newest block's finality can be served before the next block exists.
/// </summary>
public sealed class Commit : ICanonical<Commit>
{
    public const byte PrecommitType = 2;

    public Commit(ulong height, uint round, Hash256 blockHash, IReadOnlyList<CommitSignature> signatures)
    {
        Height = height;
        Round = round;
        BlockHash = blockHash;
        Signatures = signatures;
    }

    public ulong Height { get; }
    public uint Round { get; }
    public Hash256 BlockHash { get; }
    public IReadOnlyList<CommitSignature> Signatures { get; }

    public Hash256 Hash => DomainHasher.Hash(DomainTags.Commit, Canonical.Encode(this));

    /// <summary>The bytes a validator signs when it precommits: the same scheme consensus votes use.</summary>
    public static byte[] PrecommitSignBytes(string chainId, ulong height, uint round, Hash256 blockHash)
        => Vote.SignBytes(chainId, VoteType.Precommit, height, round, blockHash);

    /// <summary>Checks every signature and the quorum; throws <see cref="InvalidCommitException"/> with the reason.</summary>
    public void Verify(string chainId, ValidatorSet validators, ulong expectedHeight, Hash256 expectedBlock)
        => Verify(chainId, validators, expectedHeight, expectedBlock, Ed25519Verifier.Instance);

    /// <summary>As <see cref="Verify(string, ValidatorSet, ulong, Hash256)"/> with an injected verifier (simulations memoise it).</summary>
    public void Verify(string chainId, ValidatorSet validators, ulong expectedHeight, Hash256 expectedBlock, ISignatureVerifier verifier)
    {
        if (Height != expectedHeight) throw new InvalidCommitException($"commit is for height {Height}, expected {expectedHeight}");
        if (BlockHash != expectedBlock) throw new InvalidCommitException("commit is for a different block");
        if (BlockHash.IsZero) throw new InvalidCommitException("a commit cannot be for the nil block");
        var message = PrecommitSignBytes(chainId, Height, Round, BlockHash);
        ulong power = 0;
        Address? previous = null;
        foreach (var sig in Signatures)
        {
            if (previous is { } p && sig.Validator.CompareTo(p) <= 0) throw new InvalidCommitException("commit signatures are not sorted by validator or repeat one");
            previous = sig.Validator;
            var validator = validators.Find(sig.Validator) ?? throw new InvalidCommitException($"{sig.Validator} is not a validator");
            if (!verifier.Verify(validator.PublicKey, message, sig.Signature)) throw new InvalidCommitException($"bad precommit signature from {sig.Validator}");
            power = checked(power + validator.Power);
        }
        if (!validators.IsQuorum(power)) throw new InvalidCommitException($"commit has {power} of {validators.TotalPower} power, not more than 2/3");
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteHash(BlockHash);
        writer.WriteCount(Signatures.Count);
        foreach (var s in Signatures)
        {
            writer.WriteAddress(s.Validator);
            writer.WriteSignature(s.Signature);
        }
    }

    public static Commit Decode(ref CanonicalReader reader)
    {
        var height = reader.ReadU64("commit height");
        var round = reader.ReadU32("commit round");
        var hash = reader.ReadHash("committed block");
        var count = reader.ReadCount(ValidatorSet.MaxValidators, Address.Size + Signature.Size, "commit signatures");
        var sigs = new CommitSignature[count];
        for (var i = 0; i < count; i++) sigs[i] = new CommitSignature(reader.ReadAddress("validator"), reader.ReadSignature());
        return new Commit(height, round, hash, sigs);
    }
}
