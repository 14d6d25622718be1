using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// A proposer's signed proposal of a block id for (height, round). <see cref="PolRound"/> is −1 for a fresh value,
/// or the round whose prevote quorum (the proof of lock) made the proposer re-propose its valid value. The quorum
/// itself is not carried: receivers check it against the prevotes they have gathered, as in the paper.
/// </summary>
public sealed class Proposal : ICanonical<Proposal>, IEquatable<Proposal>, IConsensusMessage
{
    public const byte Version = 1;
    /// <summary>Signed-message type byte (CometBFT's value), keeping proposal sign bytes apart from vote sign bytes.</summary>
    public const byte SignType = 32;

    public Proposal(ulong height, uint round, long polRound, Hash256 blockId, Address proposer, Signature signature)
    {
        if (polRound < -1 || polRound >= round) throw new ArgumentException($"proof-of-lock round {polRound} must be −1 or below the round {round}", nameof(polRound));
        if (blockId.IsZero) throw new ArgumentException("a proposal cannot propose the nil block", nameof(blockId));
        Height = height;
        Round = round;
        PolRound = polRound;
        BlockId = blockId;
        Proposer = proposer;
        Signature = signature;
    }

    public ulong Height { get; }
    public uint Round { get; }
    public long PolRound { get; }
    public Hash256 BlockId { get; }
    public Address Proposer { get; }
    public Signature Signature { get; }

    /// <summary>Hash(Vote domain, ascii chain id ‖ 32 ‖ height ‖ round ‖ has-pol ‖ pol round ‖ block id).</summary>
    public static byte[] SignBytes(string chainId, ulong height, uint round, long polRound, Hash256 blockId)
    {
        var w = new CanonicalWriter(96);
        w.WriteAscii(chainId);
        w.WriteU8(SignType);
        w.WriteU64(height);
        w.WriteU32(round);
        w.WriteBool(polRound >= 0);
        w.WriteU32(polRound >= 0 ? checked((uint)polRound) : 0);
        w.WriteHash(blockId);
        return DomainHasher.Hash(DomainTags.Vote, w.WrittenSpan).ToArray();
    }

    public byte[] SignBytes(string chainId) => SignBytes(chainId, Height, Round, PolRound, BlockId);

    public bool VerifySignature(string chainId, PublicKey key, ISignatureVerifier? verifier = null)
        => (verifier ?? Ed25519Verifier.Instance).Verify(key, SignBytes(chainId), Signature);

    public static Proposal Create(string chainId, ulong height, uint round, long polRound, Hash256 blockId, SigningKey key)
        => new(height, round, polRound, blockId, key.Address, key.Sign(SignBytes(chainId, height, round, polRound, blockId)));

    /// <summary>version ‖ height ‖ round ‖ has-pol (bool) ‖ [pol round u32] ‖ block id ‖ proposer ‖ signature.</summary>
    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteBool(PolRound >= 0);
        if (PolRound >= 0) writer.WriteU32(checked((uint)PolRound));
        writer.WriteHash(BlockId);
        writer.WriteAddress(Proposer);
        writer.WriteSignature(Signature);
    }

    public static Proposal Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "proposal");
        var height = reader.ReadU64("proposal height");
        var round = reader.ReadU32("proposal round");
        long polRound = reader.ReadBool("proposal has-pol flag") ? reader.ReadU32("proposal pol round") : -1;
        var at = reader.Position;
        var blockId = reader.ReadHash("proposal block id");
        if (blockId.IsZero) throw new CodecException(CodecError.InvalidValue, "a proposal cannot propose the nil block", at);
        if (polRound >= round) throw new CodecException(CodecError.InvalidValue, $"proof-of-lock round {polRound} is not below the round {round}", at);
        return new Proposal(height, round, polRound, blockId, reader.ReadAddress("proposer"), reader.ReadSignature("proposal signature"));
    }

    public bool Equals(Proposal? other) => other is not null && Height == other.Height && Round == other.Round && PolRound == other.PolRound
        && BlockId == other.BlockId && Proposer == other.Proposer && Signature == other.Signature;
    public override bool Equals(object? obj) => Equals(obj as Proposal);
    public override int GetHashCode() => HashCode.Combine(Height, Round, PolRound, BlockId, Proposer, Signature);
    public override string ToString() => $"Proposal(h={Height} r={Round} pol={PolRound} {BlockId.ToString()[..8]} by {Proposer.ToString()[..8]})";
}
