using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// A batch submission L1 included as failed: its fee was charged, the rollup root did not move. Numbered per rollup
/// from 0. The reason is not part of the record: a node importing the block without the pubdata cannot recompute it,
/// and every field here must be the same on every node (docs/zk-rollup.md, "Failed batches"); nodes that executed
/// the batch with its bytes keep the typed reason (<see cref="ZkBatchFailure"/>, <c>ZkRollupsModule.FailureOf</c>).
/// Encoding: version (1) ‖ index ‖ L1 height (u64) ‖ tx hash (32) ‖ submitter (20) ‖ batch number (u64).
/// </summary>
public sealed record ZkRejectionRecord(ulong Index, ulong L1Height, Hash256 TxHash, Address Submitter, ulong BatchNumber)
    : ICanonical<ZkRejectionRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Index);
        writer.WriteU64(L1Height);
        writer.WriteHash(TxHash);
        writer.WriteAddress(Submitter);
        writer.WriteU64(BatchNumber);
    }

    public static ZkRejectionRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK rejection record");
        return new ZkRejectionRecord(reader.ReadU64("index"), reader.ReadU64("l1 height"), reader.ReadHash("tx hash"), reader.ReadAddress("submitter"), reader.ReadU64("batch number"));
    }
}
