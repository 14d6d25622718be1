using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// A signed prevote or precommit. <see cref="BlockId"/> is the block hash, or <see cref="Hash256.Zero"/> for nil.
/// The signature covers <see cref="SignBytes(string, VoteType, ulong, uint, Hash256)"/>, never the wire encoding, so
/// a precommit's signature drops straight into a <see cref="Commit"/>.
/// </summary>
public sealed class Vote : ICanonical<Vote>, IEquatable<Vote>, IConsensusMessage
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + 1 + 8 + 4 + Hash256.Size + Address.Size + Signature.Size;

    public Vote(VoteType type, ulong height, uint round, Hash256 blockId, Address validator, Signature signature)
    {
        if (type is not (VoteType.Prevote or VoteType.Precommit)) throw new ArgumentException($"unknown vote type {(byte)type}", nameof(type));
        Type = type;
        Height = height;
        Round = round;
        BlockId = blockId;
        Validator = validator;
        Signature = signature;
    }

    public VoteType Type { get; }
    public ulong Height { get; }
    public uint Round { get; }
    public Hash256 BlockId { get; }
    public bool IsNil => BlockId.IsZero;
    public Address Validator { get; }
    public Signature Signature { get; }

    /// <summary>
    /// Hash(Vote domain, ascii chain id ‖ type ‖ height ‖ round ‖ block id). For precommits these are exactly
    /// <see cref="Commit.PrecommitSignBytes"/>; prevotes differ only in the type byte, so neither can stand for the other.
    /// </summary>
    public static byte[] SignBytes(string chainId, VoteType type, ulong height, uint round, Hash256 blockId)
    {
        var w = new CanonicalWriter(96);
        w.WriteAscii(chainId);
        w.WriteU8((byte)type);
        w.WriteU64(height);
        w.WriteU32(round);
        w.WriteHash(blockId);
        return DomainHasher.Hash(DomainTags.Vote, w.WrittenSpan).ToArray();
    }

    public byte[] SignBytes(string chainId) => SignBytes(chainId, Type, Height, Round, BlockId);

    /// <summary>True when the signature is the listed validator's over these sign bytes.</summary>
    public bool VerifySignature(string chainId, PublicKey key, ISignatureVerifier? verifier = null)
        => (verifier ?? Ed25519Verifier.Instance).Verify(key, SignBytes(chainId), Signature);

    public static Vote Create(string chainId, VoteType type, ulong height, uint round, Hash256 blockId, SigningKey key)
        => new(type, height, round, blockId, key.Address, key.Sign(SignBytes(chainId, type, height, round, blockId)));

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU8((byte)Type);
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteHash(BlockId);
        writer.WriteAddress(Validator);
        writer.WriteSignature(Signature);
    }

    public static Vote Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "vote");
        var at = reader.Position;
        var type = reader.ReadU8("vote type");
        if (type is not ((byte)VoteType.Prevote or (byte)VoteType.Precommit))
        {
            throw new CodecException(CodecError.UnknownKind, $"vote type {type} is neither prevote (1) nor precommit (2)", at);
        }
        return new Vote((VoteType)type, reader.ReadU64("vote height"), reader.ReadU32("vote round"), reader.ReadHash("vote block id"),
            reader.ReadAddress("vote validator"), reader.ReadSignature("vote signature"));
    }

    public bool Equals(Vote? other) => other is not null && Type == other.Type && Height == other.Height && Round == other.Round
        && BlockId == other.BlockId && Validator == other.Validator && Signature == other.Signature;
    public override bool Equals(object? obj) => Equals(obj as Vote);
    public override int GetHashCode() => HashCode.Combine(Type, Height, Round, BlockId, Validator, Signature);
    public override string ToString() => $"{Type}(h={Height} r={Round} {(IsNil ? "nil" : BlockId.ToString()[..8])} by {Validator.ToString()[..8]})";
}
