using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.Consensus;

/// <summary>
/// The last (height, round, step) a validator signed, and the hashes of everything it signed at that height.
/// The hashes let the signer sign an identical message again (Ed25519 is deterministic, so it is the same
/// signature): a node replaying its WAL after a crash re-creates its proposal and votes of the height in order, and
/// must be allowed to, while anything different at or below the last position is refused.
/// </summary>
public sealed record SignerState(ulong Height, uint Round, ConsensusStep Step, IReadOnlyList<Hash256> SignedAtHeight) : ICanonical<SignerState>
{
    public const byte Version = 1;
    public const int MaxSignedAtHeight = 100_000;

    public int CompareTo(ulong height, uint round, ConsensusStep step)
    {
        var c = Height.CompareTo(height);
        if (c != 0) return c;
        c = Round.CompareTo(round);
        return c != 0 ? c : ((byte)Step).CompareTo((byte)step);
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteU8((byte)Step);
        writer.WriteCount(SignedAtHeight.Count);
        foreach (var h in SignedAtHeight) writer.WriteHash(h);
    }

    public static SignerState Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "signer state");
        var height = reader.ReadU64("height");
        var round = reader.ReadU32("round");
        var at = reader.Position;
        var step = reader.ReadU8("step");
        if (step is < (byte)ConsensusStep.Propose or > (byte)ConsensusStep.Precommit) throw new CodecException(CodecError.UnknownKind, $"step {step} is unknown", at);
        var count = reader.ReadCount(MaxSignedAtHeight, Hash256.Size, "signed hashes");
        var hashes = new Hash256[count];
        for (var i = 0; i < count; i++) hashes[i] = reader.ReadHash("signed hash");
        return new SignerState(height, round, (ConsensusStep)step, hashes);
    }
}
