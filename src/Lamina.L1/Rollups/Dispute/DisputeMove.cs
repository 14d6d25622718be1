using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// One move as an L1 transaction carries it (the mover is the sender, the bond its value, the time the block's):
/// version 1 ‖ kind ‖ parent claim index (u32) ‖ then a commitment (32) for attack/defend, or a
/// <see cref="StepProof"/> (u32 length ‖ bytes) for a step. Decoding is size-capped and refuses unknown kinds.
/// </summary>
public sealed record DisputeMove(DisputeMoveKind Kind, uint ParentIndex, Hash256 Commitment, StepProof? Step)
{
    public const byte Version = 1;
    public const int MaxEncodedSize = 1 + 1 + 4 + 4 + StepProof.MaxEncodedSize;

    public static DisputeMove Attack(uint parent, Hash256 commitment) => new(DisputeMoveKind.Attack, parent, commitment, null);

    public static DisputeMove Defend(uint parent, Hash256 commitment) => new(DisputeMoveKind.Defend, parent, commitment, null);

    public static DisputeMove StepOn(uint parent, bool attack, StepProof proof) =>
        new(attack ? DisputeMoveKind.StepAttack : DisputeMoveKind.StepDefend, parent, default, proof);

    public bool IsStep => Kind is DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64);
        writer.WriteU8(Version);
        writer.WriteU8((byte)Kind);
        writer.WriteU32(ParentIndex);
        if (IsStep) writer.WriteBytes(Step!.Encode());
        else writer.WriteHash(Commitment);
        return writer.ToArray();
    }

    public static DisputeMove Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize) throw new CodecException(CodecError.Oversize, $"dispute move of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "dispute move");
        var at = reader.Position;
        var kind = reader.ReadU8("dispute move kind");
        if (kind > (byte)DisputeMoveKind.StepDefend) throw new CodecException(CodecError.UnknownKind, $"dispute move kind {kind} is unknown", at);
        var parent = reader.ReadU32("parent claim");
        DisputeMove move = kind >= (byte)DisputeMoveKind.StepAttack
            ? new((DisputeMoveKind)kind, parent, default, StepProof.Decode(reader.ReadBytes(StepProof.MaxEncodedSize, "step proof")))
            : new((DisputeMoveKind)kind, parent, reader.ReadHash("commitment"), null);
        reader.EnsureEnd("dispute move");
        return move;
    }
}
