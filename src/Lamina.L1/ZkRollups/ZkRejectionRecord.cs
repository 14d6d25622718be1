using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// A batch submission L1 included as failed: its fee was charged, the rollup root did not move. Numbered per rollup
/// from 0; only the last <see cref="ZkRollupLimits.RejectionsKept"/> are kept (index i lives in slot i mod that, so
/// a newer record overwrites the oldest). The typed reason is consensus state, the same on every node: a node that
/// imports the block without the pubdata finds it from the header's state root (docs/zk-rollup.md, "Failed batches").
/// Encoding: version (2) ‖ index ‖ L1 height (u64) ‖ tx hash (32) ‖ submitter (20) ‖ batch number (u64) ‖ reason (u8,
/// a batch <see cref="ZkRollupError"/>) ‖ detail (u16, <see cref="ZkBatchFailure.Detail"/>).
/// </summary>
public sealed record ZkRejectionRecord(ulong Index, ulong L1Height, Hash256 TxHash, Address Submitter, ulong BatchNumber, ZkRollupError Reason, ushort Detail)
    : ICanonical<ZkRejectionRecord>
{
    public const byte Version = 2;

    public string? DetailName => ZkBatchFailure.DetailNameOf(Reason, Detail);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Index);
        writer.WriteU64(L1Height);
        writer.WriteHash(TxHash);
        writer.WriteAddress(Submitter);
        writer.WriteU64(BatchNumber);
        writer.WriteU8((byte)Reason);
        writer.WriteU16(Detail);
    }

    public static ZkRejectionRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK rejection record");
        var index = reader.ReadU64("index");
        var height = reader.ReadU64("l1 height");
        var txHash = reader.ReadHash("tx hash");
        var submitter = reader.ReadAddress("submitter");
        var batch = reader.ReadU64("batch number");
        var at = reader.Position;
        var reason = (ZkRollupError)reader.ReadU8("reason");
        var detail = reader.ReadU16("detail");
        if (!ZkBatchFailure.IsValid(reason, detail)) throw new CodecException(CodecError.InvalidValue, $"({(int)reason}, {detail}) is not a batch failure reason and detail", at);
        return new ZkRejectionRecord(index, height, txHash, submitter, batch, reason, detail);
    }
}
