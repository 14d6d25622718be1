using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// An accepted batch: where it landed, who submitted it, the roots it moved between, the priority requests it
/// consumed, what it paid out, its pubdata blob (length and commitment: the bytes are on DA, in the rollup's
/// namespace at that L1 height) and its proof size and gas.
/// Encoding: version (1) ‖ number ‖ L1 height (u64) ‖ tx hash (32) ‖ submitter (20) ‖ old root ‖ new root (32 each)
/// ‖ first priority (u64) ‖ consumed (u32) ‖ payouts (u32) ‖ payout total (u128) ‖ refunds (u32) ‖ pubdata length
/// (u32) ‖ pubdata commitment (32) ‖ proof bytes (u32) ‖ gas (u64).
/// </summary>
public sealed record ZkBatchRecord(
    ulong Number, ulong L1Height, Hash256 TxHash, Address Submitter, RpoDigest OldAccountRoot, RpoDigest NewAccountRoot,
    ulong FirstPriority, uint PriorityConsumed, uint Payouts, UInt128 PayoutTotal, uint Refunds, uint PubdataLength,
    Hash256 PubdataCommitment, uint ProofBytes, ulong Gas) : ICanonical<ZkBatchRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Number);
        writer.WriteU64(L1Height);
        writer.WriteHash(TxHash);
        writer.WriteAddress(Submitter);
        writer.WriteRaw(OldAccountRoot.ToBytes());
        writer.WriteRaw(NewAccountRoot.ToBytes());
        writer.WriteU64(FirstPriority);
        writer.WriteU32(PriorityConsumed);
        writer.WriteU32(Payouts);
        writer.WriteU128(PayoutTotal);
        writer.WriteU32(Refunds);
        writer.WriteU32(PubdataLength);
        writer.WriteHash(PubdataCommitment);
        writer.WriteU32(ProofBytes);
        writer.WriteU64(Gas);
    }

    public static ZkBatchRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK batch record");
        return new ZkBatchRecord(reader.ReadU64("number"), reader.ReadU64("l1 height"), reader.ReadHash("tx hash"), reader.ReadAddress("submitter"),
            ZkRollupConfig.ReadDigest(ref reader, "old account root"), ZkRollupConfig.ReadDigest(ref reader, "new account root"),
            reader.ReadU64("first priority"), reader.ReadU32("priority consumed"), reader.ReadU32("payouts"), reader.ReadU128("payout total"),
            reader.ReadU32("refunds"), reader.ReadU32("pubdata length"), reader.ReadHash("pubdata commitment"), reader.ReadU32("proof bytes"),
            reader.ReadU64("gas"));
    }
}
