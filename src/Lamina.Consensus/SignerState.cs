using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.Consensus;

/// <summary>
/// The last (height, round, step) a validator signed, and the hash of what it signed there. The hash lets the
/// signer sign the identical message again (Ed25519 is deterministic, so it is the same signature): a node that
/// replays its WAL after a crash re-creates its last vote and must be allowed to re-send it.
/// </summary>
public sealed record SignerState(ulong Height, uint Round, ConsensusStep Step, Hash256 SignBytesHash) : ICanonical<SignerState>
{
    public const byte Version = 1;

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
        writer.WriteHash(SignBytesHash);
    }

    public static SignerState Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "signer state");
        var height = reader.ReadU64("height");
        var round = reader.ReadU32("round");
        var at = reader.Position;
        var step = reader.ReadU8("step");
        if (step is < (byte)ConsensusStep.Propose or > (byte)ConsensusStep.Precommit) throw new CodecException(CodecError.UnknownKind, $"step {step} is unknown", at);
        return new SignerState(height, round, (ConsensusStep)step, reader.ReadHash("sign bytes hash"));
    }
}
