using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// A batch as the operator sends it to L1: its number, the serial of the first priority operation it may consume
/// (L1's counter before it, from which L1's effects name refunded deposits), the account root it claims, the RPO
/// commitment to its pubdata (the proof's public input), the pubdata itself (posted as a blob) and the encoded
/// <see cref="ZkBatchProof"/>. The operator journals these exact bytes before sending them, so a restart resends the
/// same batch under the same number. Encoding: version u8 (= 1) ‖ number u64 ‖ first priority serial u64 ‖ new
/// account root 32 ‖ pubdata commitment 32 ‖ pubdata (u32 length ‖ bytes) ‖ proof (u32 length ‖ bytes).
/// </summary>
public sealed record ZkBatchSubmission(ulong BatchNumber, ulong FirstPrioritySerial, RpoDigest NewAccountRoot, RpoDigest PubdataCommitment, byte[] Pubdata, byte[] Proof)
{
    public const byte Version = 1;
    public const int MaxPubdataBytes = 1 << 20;
    public const int MaxProofBytes = 2 * ZkBatchProof.MaxProofBytes + (1 << 20);

    /// <summary>The submission of an honestly proven batch.</summary>
    public static ZkBatchSubmission From(ZkProvenBatch batch) =>
        new(batch.BatchNumber, checked(batch.Result.State.PriorityOpsProcessed - (ulong)batch.ConsumedPriorityOps.Count), batch.Result.State.Accounts.Root, batch.Result.PubdataCommitment, batch.Result.Pubdata, batch.Proof.Encode());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(96 + Pubdata.Length + Proof.Length);
        writer.WriteU8(Version);
        writer.WriteU64(BatchNumber);
        writer.WriteU64(FirstPrioritySerial);
        NewAccountRoot.Encode(writer);
        PubdataCommitment.Encode(writer);
        writer.WriteBytes(Pubdata);
        writer.WriteBytes(Proof);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one submission; malformed input is a <see cref="CodecException"/>.</summary>
    public static ZkBatchSubmission Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "ZK batch submission");
        ulong number = reader.ReadU64("batch number");
        ulong firstSerial = reader.ReadU64("first priority serial");
        RpoDigest root = RpoDigest.Decode(ref reader);
        RpoDigest commitment = RpoDigest.Decode(ref reader);
        byte[] pubdata = reader.ReadBytes(MaxPubdataBytes, "pubdata").ToArray();
        byte[] proof = reader.ReadBytes(MaxProofBytes, "proof").ToArray();
        reader.EnsureEnd("ZK batch submission");
        return new ZkBatchSubmission(number, firstSerial, root, commitment, pubdata, proof);
    }

    /// <summary>The pubdata's operations, or a <see cref="CodecException"/> if they do not decode.</summary>
    public IReadOnlyList<PubdataOp> DecodePubdata() => PubdataCodec.Decode(Pubdata);
}
