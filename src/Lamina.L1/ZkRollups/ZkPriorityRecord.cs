using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>Where a priority request stands.</summary>
public enum ZkPriorityStatus : byte
{
    /// <summary>Queued; no proven batch has consumed it.</summary>
    Pending = 0,
    /// <summary>Consumed by a proven batch (applied, or a forced exit without effect).</summary>
    Processed = 1,
    /// <summary>A deposit a proven batch consumed but could not credit: refunded to the depositor in that block.</summary>
    RefundedByBatch = 2,
    /// <summary>A deposit still pending when the rollup froze: refunded by an exodus refund.</summary>
    RefundedInExodus = 3,
}

/// <summary>
/// One priority request in a ZK rollup's queue: the L1 sender, when it was queued, the operation the rollup must
/// process (a <see cref="DepositOp"/> or <see cref="ForcedExitOp"/> with its serial, in its own codec), and its status.
/// Encoding: version (1) ‖ serial (u64) ‖ sender (20) ‖ queued at (u64) ‖ operation (u32 length ‖ ZkTransaction
/// bytes) ‖ status (u8) ‖ settled at (u64, 0 while pending).
/// </summary>
public sealed record ZkPriorityRecord(ulong Serial, Address Sender, ulong QueuedAtHeight, ZkTransaction Operation, ZkPriorityStatus Status, ulong SettledAtHeight)
    : ICanonical<ZkPriorityRecord>
{
    public const byte Version = 1;

    /// <summary>The amount a deposit locked, 0 for a forced exit.</summary>
    public ulong DepositAmount => Operation is DepositOp d ? d.Amount : 0;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Serial);
        writer.WriteAddress(Sender);
        writer.WriteU64(QueuedAtHeight);
        writer.WriteBytes(Operation.Encode());
        writer.WriteU8((byte)Status);
        writer.WriteU64(SettledAtHeight);
    }

    public static ZkPriorityRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK priority record");
        var serial = reader.ReadU64("serial");
        var sender = reader.ReadAddress("sender");
        var height = reader.ReadU64("queued at height");
        var at = reader.Position;
        var bytes = reader.ReadBytes(ZkTransaction.MaxEncodedLength, "priority operation");
        var op = ZkTransaction.Decode(bytes);
        if (!op.IsPriority) throw new CodecException(CodecError.InvalidValue, $"a {op.Kind} is not a priority operation", at);
        at = reader.Position;
        var status = reader.ReadU8("status");
        if (status > (byte)ZkPriorityStatus.RefundedInExodus) throw new CodecException(CodecError.InvalidValue, $"unknown priority status {status}", at);
        return new ZkPriorityRecord(serial, sender, height, op, (ZkPriorityStatus)status, reader.ReadU64("settled at height"));
    }
}
