using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// Opens the game against output <see cref="OutputIndex"/> (kind 22): the output must be proposed and inside its
/// window. The game's agreed anchor is the newest finalized output before it, opened by <see cref="Anchor"/>; the
/// creator's first claim attacks the root with <see cref="Commitment"/> (the output root it holds for the middle
/// block) and locks <see cref="Bond"/>, the depth-1 bond. Body: rollup id ‖ output index (u64 each) ‖ anchor output
/// (73) ‖ commitment (32) ‖ bond (u128).
/// </summary>
public sealed class DisputeCreatePayload(ulong rollupId, ulong outputIndex, OptimisticOutput anchor, Hash256 commitment, UInt128 bond) : TxPayload
{
    public const ulong Gas = 120_000;

    public ulong RollupId { get; } = rollupId;
    public ulong OutputIndex { get; } = outputIndex;
    public OptimisticOutput Anchor { get; } = anchor;
    public Hash256 Commitment { get; } = commitment;
    public UInt128 Bond { get; } = bond;
    public override TxKind Kind => TxKind.DisputeCreate;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU64(OutputIndex);
        Anchor.Write(writer);
        writer.WriteHash(Commitment);
        writer.WriteU128(Bond);
    }

    internal static DisputeCreatePayload DecodeBody(ref CanonicalReader reader)
        => new(reader.ReadU64("rollup id"), reader.ReadU64("output index"), OptimisticOutput.Read(ref reader), reader.ReadHash("commitment"), reader.ReadU128("bond"));
}

/// <summary>
/// One move in the game against output <see cref="OutputIndex"/> (kind 23): the sender is the mover, <see cref="Bond"/>
/// is debited to the rollup's bond vault (it must be the bond of the claim the move makes, 0 for a move that makes
/// none), and the block's header time is the move's time. Body: rollup id ‖ output index (u64 each) ‖ bond (u128) ‖
/// move (u32 length ‖ <see cref="DisputeMove"/>).
/// </summary>
public sealed class DisputeMovePayload(ulong rollupId, ulong outputIndex, UInt128 bond, DisputeMove move) : TxPayload
{
    public const ulong Gas = 60_000;

    /// <summary>A step runs the one-step executor (about two signature checks of work) and a descent opens a subgame.</summary>
    public const ulong StepGas = 150_000;

    public ulong RollupId { get; } = rollupId;
    public ulong OutputIndex { get; } = outputIndex;
    public UInt128 Bond { get; } = bond;
    public DisputeMove Move { get; } = move;
    public override TxKind Kind => TxKind.DisputeMove;
    /// <summary>A derived descent pays per byte of blob data it carries and per byte its channel declares decompressed.</summary>
    public const ulong DeriveGasPerByte = 16, DeriveGasPerDecodedByte = 2;

    public override ulong IntrinsicGas => Move.Derived is { } derived
        ? checked(StepGas + DeriveGasPerByte * (ulong)DataBytes(derived) + DeriveGasPerDecodedByte * derived.DeclaredChannelBytes())
        : Move.IsStep || Move.Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend ? StepGas : Gas;

    private static long DataBytes(Derivation.DerivedOpening derived)
    {
        long bytes = 0;
        foreach (var frame in derived.Frames) bytes += frame.Data.Length;
        return bytes;
    }

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU64(OutputIndex);
        writer.WriteU128(Bond);
        writer.WriteBytes(Move.Encode());
    }

    internal static DisputeMovePayload DecodeBody(ref CanonicalReader reader)
        => new(reader.ReadU64("rollup id"), reader.ReadU64("output index"), reader.ReadU128("bond"), DisputeMove.Decode(reader.ReadBytes(DisputeMove.MaxEncodedSize, "dispute move")));
}

/// <summary>
/// Resolves the game against output <see cref="OutputIndex"/> once no claim can be countered (kind 24; anyone may send
/// it): every bond is paid out by the game's rule and the output is finalized (the root stood) or replaced (it fell).
/// Body: rollup id ‖ output index (u64 each).
/// </summary>
public sealed class DisputeResolvePayload(ulong rollupId, ulong outputIndex) : TxPayload
{
    public const ulong Gas = 100_000;

    public ulong RollupId { get; } = rollupId;
    public ulong OutputIndex { get; } = outputIndex;
    public override TxKind Kind => TxKind.DisputeResolve;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU64(OutputIndex);
    }

    internal static DisputeResolvePayload DecodeBody(ref CanonicalReader reader) => new(reader.ReadU64("rollup id"), reader.ReadU64("output index"));
}
