using Lamina.Core.Codec;
using Lamina.L2.Zk.Settlement;

namespace Lamina.L2.Zk.Operator;

/// <summary>
/// A batch as the operator journals it: first the plan (which operations of the log, by sequence number), written
/// before proving starts so that a restart reproves exactly the same range; then the same record with the
/// submission bytes and the prove time, written before anything is sent to L1, so that batch number n only ever
/// goes out with one content. Encoding: version u8 (= 1) ‖ number u64 ‖ first sequence u64 ‖ op count u32 ‖
/// prove milliseconds u32 ‖ has-submission u8 (0 or 1) ‖ submission (u32 length ‖ <see cref="ZkBatchSubmission"/>) if 1.
/// </summary>
public sealed record ZkStoredBatch(ulong Number, ulong FirstSequence, int OpCount, uint ProveMilliseconds, ZkBatchSubmission? Submission)
{
    public const byte Version = 1;

    /// <summary>Most operations one batch may hold (far above any configured batch size).</summary>
    public const int MaxOps = 1 << 16;

    public ulong EndSequence => FirstSequence + (ulong)OpCount;

    public bool Proven => Submission is not null;

    public byte[] Encode()
    {
        byte[]? submission = Submission?.Encode();
        var writer = new CanonicalWriter(32 + (submission?.Length ?? 0));
        writer.WriteU8(Version);
        writer.WriteU64(Number);
        writer.WriteU64(FirstSequence);
        writer.WriteCount(OpCount);
        writer.WriteU32(ProveMilliseconds);
        writer.WriteBool(submission is not null);
        if (submission is not null) writer.WriteBytes(submission);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one record; malformed input is a <see cref="CodecException"/>.</summary>
    public static ZkStoredBatch Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "stored ZK batch");
        ulong number = reader.ReadU64("batch number");
        ulong first = reader.ReadU64("first sequence");
        int at = reader.Position;
        uint count = reader.ReadU32("op count");
        if (count == 0 || count > MaxOps) throw new CodecException(CodecError.InvalidValue, $"a batch holds 1..{MaxOps} operations, not {count}", at);
        if (first > ulong.MaxValue - count) throw new CodecException(CodecError.InvalidValue, "the batch's sequence range overflows", at);
        uint proveMs = reader.ReadU32("prove milliseconds");
        ZkBatchSubmission? submission = null;
        if (reader.ReadBool("has submission"))
        {
            int submissionAt = reader.Position;
            submission = ZkBatchSubmission.Decode(reader.ReadBytes(ZkBatchSubmission.MaxProofBytes + ZkBatchSubmission.MaxPubdataBytes + 128, "submission"));
            if (submission.BatchNumber != number)
                throw new CodecException(CodecError.InvalidValue, $"record {number} holds the submission of batch {submission.BatchNumber}", submissionAt);
        }
        reader.EnsureEnd("stored ZK batch");
        return new ZkStoredBatch(number, first, (int)count, proveMs, submission);
    }
}
