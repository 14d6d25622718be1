using Lamina.Core.Codec;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Settlement;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Tests;

public sealed class ZkCodecTests
{
    private static readonly ZkBatchSubmission Sample = new(5, 9, new RpoDigest(Felt.FromU64(1), Felt.FromU64(2), Felt.FromU64(3), Felt.FromU64(4)),
        new RpoDigest(Felt.FromU64(5), Felt.FromU64(6), Felt.FromU64(7), Felt.FromU64(8)), [0xAA, 0xBB], [0xCC]);

    /// <summary>Golden vector: a change to the encoding must be deliberate (journals written before it would not read).</summary>
    private const string SampleHex =
        "01" + "0000000000000005" + "0000000000000009"
        + "0100000000000000" + "0200000000000000" + "0300000000000000" + "0400000000000000"
        + "0500000000000000" + "0600000000000000" + "0700000000000000" + "0800000000000000"
        + "00000002AABB" + "00000001CC";

    [Fact]
    public void A_submission_has_one_encoding_and_round_trips()
    {
        byte[] bytes = Sample.Encode();
        Assert.Equal(SampleHex, Convert.ToHexString(bytes));
        ZkBatchSubmission back = ZkBatchSubmission.Decode(bytes);
        Assert.Equal(bytes, back.Encode());
        Assert.Equal((Sample.BatchNumber, Sample.NewAccountRoot), (back.BatchNumber, back.NewAccountRoot));
    }

    [Fact]
    public void A_stored_batch_round_trips_with_and_without_its_submission()
    {
        var plan = new ZkStoredBatch(5, 40, 3, 0, null);
        Assert.Equal("01" + "0000000000000005" + "0000000000000028" + "00000003" + "00000000" + "00", Convert.ToHexString(plan.Encode()));
        Assert.Equal(plan, ZkStoredBatch.Decode(plan.Encode()));
        var proven = plan with { ProveMilliseconds = 1234, Submission = Sample };
        ZkStoredBatch back = ZkStoredBatch.Decode(proven.Encode());
        Assert.Equal(proven.Encode(), back.Encode());
        Assert.True(back.Proven);
    }

    public static TheoryData<string, CodecError> BadSubmissions => new()
    {
        { SampleHex[..^2], CodecError.Truncated },
        { SampleHex + "00", CodecError.TrailingBytes },
        { "02" + SampleHex[2..], CodecError.UnknownVersion },
        { SampleHex[..34] + "FFFFFFFFFFFFFFFF" + SampleHex[50..], CodecError.NonCanonical },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public void Malformed_submissions_are_refused_with_a_codec_error(string hex, CodecError expected)
    {
        var e = Assert.Throws<CodecException>(() => ZkBatchSubmission.Decode(Convert.FromHexString(hex)));
        Assert.Equal(expected, e.Error);
    }

    [Fact]
    public void Malformed_stored_batches_are_refused()
    {
        byte[] good = new ZkStoredBatch(5, 40, 3, 0, Sample).Encode();
        Assert.Throws<CodecException>(() => ZkStoredBatch.Decode(good.AsSpan(0, good.Length - 1)));
        Assert.Throws<CodecException>(() => ZkStoredBatch.Decode([.. good, 0]));
        byte[] zeroOps = new ZkStoredBatch(5, 40, 3, 0, null).Encode();
        zeroOps[20] = 0; // op count 0
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkStoredBatch.Decode(zeroOps)).Error);
        byte[] otherNumber = new ZkStoredBatch(6, 40, 3, 0, Sample).Encode(); // holds batch 5's submission
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkStoredBatch.Decode(otherNumber)).Error);
        byte[] badFlag = new ZkStoredBatch(5, 40, 3, 0, null).Encode();
        badFlag[^1] = 2;
        Assert.Throws<CodecException>(() => ZkStoredBatch.Decode(badFlag));
    }
}
