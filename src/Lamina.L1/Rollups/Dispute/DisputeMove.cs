using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// One move as an L1 transaction carries it (the mover is the sender, the bond its value, the time the block's):
/// version 1 ‖ kind ‖ parent claim index (u32) ‖ then a commitment (32) for attack/defend, a <see cref="StepProof"/>
/// (u32 length ‖ bytes) for a step, a <see cref="SplitOpening"/> (147) for a descent, the L2 header (173) for a
/// reveal, a <see cref="DerivedOpening"/> for a derived descent, and nothing for a clamp. Decoding is size-capped and refuses unknown kinds.
/// </summary>
public sealed record DisputeMove(DisputeMoveKind Kind, uint ParentIndex, Hash256 Commitment, StepProof? Step, SplitOpening? Split = null, byte[]? Header = null)
{
    /// <summary>A derived descent's opening (kinds 9 and 10).</summary>
    public DerivedOpening? Derived { get; init; }

    public const byte Version = 1;
    public const int MaxEncodedSize = 1 + 1 + 4 + DerivedOpening.MaxEncodedSize;

    public static DisputeMove Attack(uint parent, Hash256 commitment) => new(DisputeMoveKind.Attack, parent, commitment, null);

    public static DisputeMove Defend(uint parent, Hash256 commitment) => new(DisputeMoveKind.Defend, parent, commitment, null);

    public static DisputeMove StepOn(uint parent, bool attack, StepProof proof) =>
        new(attack ? DisputeMoveKind.StepAttack : DisputeMoveKind.StepDefend, parent, default, proof);

    public static DisputeMove Descend(uint parent, bool attack, SplitOpening opening) =>
        new(attack ? DisputeMoveKind.DescendAttack : DisputeMoveKind.DescendDefend, parent, default, null, opening);

    public static DisputeMove Derive(uint parent, bool attack, DerivedOpening opening) =>
        new(attack ? DisputeMoveKind.DeriveAttack : DisputeMoveKind.DeriveDefend, parent, default, null) { Derived = opening };

    public bool IsDerive => Kind is DisputeMoveKind.DeriveAttack or DisputeMoveKind.DeriveDefend;

    public static DisputeMove Clamp(uint parent, bool attack) => new(attack ? DisputeMoveKind.ClampAttack : DisputeMoveKind.ClampDefend, parent, default, null);

    public static DisputeMove Reveal(uint claim, byte[] header) => new(DisputeMoveKind.Reveal, claim, default, null, null, header);

    public bool IsStep => Kind is DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend;

    /// <summary>Attack-side variants (attack, step attack, descend attack, clamp attack).</summary>
    public bool IsAttack => Kind is DisputeMoveKind.Attack or DisputeMoveKind.StepAttack or DisputeMoveKind.DescendAttack or DisputeMoveKind.ClampAttack or DisputeMoveKind.DeriveAttack;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64);
        writer.WriteU8(Version);
        writer.WriteU8((byte)Kind);
        writer.WriteU32(ParentIndex);
        switch (Kind)
        {
            case DisputeMoveKind.Attack or DisputeMoveKind.Defend: writer.WriteHash(Commitment); break;
            case DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend: writer.WriteBytes(Step!.Encode()); break;
            case DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend: Split!.Write(writer); break;
            case DisputeMoveKind.Reveal: writer.WriteRaw(Header!); break;
            case DisputeMoveKind.DeriveAttack or DisputeMoveKind.DeriveDefend: Derived!.Write(writer); break;
        }
        return writer.ToArray();
    }

    public static DisputeMove Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize) throw new CodecException(CodecError.Oversize, $"dispute move of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "dispute move");
        var at = reader.Position;
        var kind = reader.ReadU8("dispute move kind");
        if (kind > (byte)DisputeMoveKind.DeriveDefend) throw new CodecException(CodecError.UnknownKind, $"dispute move kind {kind} is unknown", at);
        var parent = reader.ReadU32("parent claim");
        var k = (DisputeMoveKind)kind;
        DisputeMove move = k switch
        {
            DisputeMoveKind.Attack or DisputeMoveKind.Defend => new(k, parent, reader.ReadHash("commitment"), null),
            DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend => new(k, parent, default, StepProof.Decode(reader.ReadBytes(StepProof.MaxEncodedSize, "step proof"))),
            DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend => new(k, parent, default, null, SplitOpening.Read(ref reader)),
            DisputeMoveKind.Reveal => new(k, parent, default, null, null, reader.ReadRaw(L2HeaderPreimage.EncodedSize, "l2 block header").ToArray()),
            DisputeMoveKind.DeriveAttack or DisputeMoveKind.DeriveDefend => new(k, parent, default, null) { Derived = DerivedOpening.Read(ref reader) },
            _ => new(k, parent, default, null),
        };
        reader.EnsureEnd("dispute move");
        return move;
    }
}
