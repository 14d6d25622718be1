using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>
/// Posts the output root of L2 block <see cref="L2BlockNumber"/> with a bond. <see cref="Bond"/> must equal the
/// rollup's proposer bond; it is in the payload so that the most the transaction can cost is known before any state
/// is read. Anyone may propose (the bond is what makes a wrong root costly). Body: rollup id (u64) ‖ L2 block number
/// (u64) ‖ output root (32) ‖ bond (u128).
/// </summary>
public sealed class RollupOutputPayload(ulong rollupId, ulong l2BlockNumber, Hash256 outputRoot, UInt128 bond) : TxPayload
{
    public const ulong Gas = 60_000;

    public ulong RollupId { get; } = rollupId;
    public ulong L2BlockNumber { get; } = l2BlockNumber;
    public Hash256 OutputRoot { get; } = outputRoot;
    public UInt128 Bond { get; } = bond;
    public override TxKind Kind => TxKind.RollupOutput;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU64(L2BlockNumber);
        writer.WriteHash(OutputRoot);
        writer.WriteU128(Bond);
    }

    internal static RollupOutputPayload DecodeBody(ref CanonicalReader reader)
        => new(reader.ReadU64("rollup id"), reader.ReadU64("l2 block number"), reader.ReadHash("output root"), reader.ReadU128("bond"));
}
