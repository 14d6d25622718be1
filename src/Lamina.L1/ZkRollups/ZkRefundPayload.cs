using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Exodus: once the rollup is frozen, returns deposit <see cref="Serial"/> (a priority request no proven batch
/// consumed) to the L1 account that made it. Anyone may send it; the funds go to the depositor, once.
/// Body: rollup id (u32) ‖ serial (u64).
/// </summary>
public sealed class ZkRefundPayload(uint rollupId, ulong serial) : TxPayload
{
    public const ulong Gas = 50_000;

    public uint RollupId { get; } = rollupId;
    public ulong Serial { get; } = serial;
    public override TxKind Kind => TxKind.ZkRefund;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU32(RollupId);
        writer.WriteU64(Serial);
    }

    internal static ZkRefundPayload DecodeBody(ref CanonicalReader reader) => new(reader.ReadU32("rollup id"), reader.ReadU64("serial"));
}
