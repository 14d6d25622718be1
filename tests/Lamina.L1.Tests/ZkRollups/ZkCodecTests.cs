using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using static Lamina.L1.Tests.Rollups.RollupCodecTests;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// Golden vectors of every ZK rollups module encoding (transaction bodies of kinds 32–37 and every record), computed
/// independently by golden/gen_zk_vectors.py, and typed refusals of malformed bytes.
/// </summary>
public sealed class ZkCodecTests
{
    private static readonly Address Alice = new(Enumerable.Repeat((byte)0x33, 20).ToArray()), Bob = new(Enumerable.Repeat((byte)0x44, 20).ToArray());
    private static readonly Hash256 TxHash = new(Enumerable.Repeat((byte)0x55, 32).ToArray());
    private static readonly ZkPublicKey Key = new(Convert.FromHexString("9c7104fb28e05ceb80a507c89a8187589db8278368272c66e21e2dff03bb02c2e63b3e8a48d53441"));
    private static readonly ZkSignature Sig = new(Convert.FromHexString("840ad175144940162f8abbddcf77a172104b3f8fd37e266631b628c84a15fe40527d23b28774ede5da6e1fa134781ac708cf8c44aad5e92e69618f00acd77ee269b476647cd38740e8eeaf58b42b8b11"));
    private static readonly RpoDigest Root = Digest(1, 2, 3, 4);
    private static readonly byte[] Pubdata = [.. Enumerable.Range(1, 12).Select(i => (byte)i)];
    internal static readonly ZkRollupConfig Config = new(9, Root, 1, 4);
    internal static readonly ZkBatchEffects Effects = new(Root, 2, [new ZkPayout(Bob, 300)], [7]);
    internal static readonly L2.Zk.Proving.ZkBatchProof Proof = new([], [], "abc"u8.ToArray());

    private static RpoDigest Digest(ulong a, ulong b, ulong c, ulong d) => new(Felt.FromU64(a), Felt.FromU64(b), Felt.FromU64(c), Felt.FromU64(d));

    internal static ZkBatchPayload Batch => new(9, 2, Effects, 1_000, Pubdata, Proof);
    internal static ZkExodusPayload Exodus => new(9, 3, new AccountLeaf(Key, 900, 1), [.. Enumerable.Range(0, 24).Select(i => Digest((ulong)i, 0, 0, 0))], Alice, Sig);

    public static TheoryData<string, byte[], string> Payloads => new()
    {
        { "register", Body(new ZkRegisterPayload(Config)), "20000000090100000000000000020000000000000003000000000000000400000000000000010000000000000004" },
        { "deposit", Body(new ZkDepositPayload(9, 3, Key, 1_000)), "2100000009000000039c7104fb28e05ceb80a507c89a8187589db8278368272c66e21e2dff03bb02c2e63b3e8a48d5344100000000000003e8" },
        { "forced exit", Body(new ZkForcedExitPayload(9, 3, Alice, 5, Sig)), "220000000900000003333333333333333333333333333333333333333300000005840ad175144940162f8abbddcf77a172104b3f8fd37e266631b628c84a15fe40527d23b28774ede5da6e1fa134781ac708cf8c44aad5e92e69618f00acd77ee269b476647cd38740e8eeaf58b42b8b11" },
        { "batch", Body(Batch), "23000000090000000000000002010000000000000002000000000000000300000000000000040000000000000000000002000000014444444444444444444444444444444444444444000000000000012c00000001000000000000000700000000000003e80000000cd8ab5441d5ffe9e1b749f7d41c7a009ece3a6e59e1b8b007b7583f385ceac14c0000001006000000000000000000000003616263" },
        { "exodus", Body(Exodus), "2400000009000000039c7104fb28e05ceb80a507c89a8187589db8278368272c66e21e2dff03bb02c2e63b3e8a48d5344100000000000003840000000100000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000000400000000000000000000000000000000000000000000000000000000000000050000000000000000000000000000000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000000000000700000000000000000000000000000000000000000000000000000000000000080000000000000000000000000000000000000000000000000000000000000009000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000b000000000000000000000000000000000000000000000000000000000000000c000000000000000000000000000000000000000000000000000000000000000d000000000000000000000000000000000000000000000000000000000000000e000000000000000000000000000000000000000000000000000000000000000f00000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000011000000000000000000000000000000000000000000000000000000000000001200000000000000000000000000000000000000000000000000000000000000130000000000000000000000000000000000000000000000000000000000000014000000000000000000000000000000000000000000000000000000000000001500000000000000000000000000000000000000000000000000000000000000160000000000000000000000000000000000000000000000000000000000000017000000000000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333840ad175144940162f8abbddcf77a172104b3f8fd37e266631b628c84a15fe40527d23b28774ede5da6e1fa134781ac708cf8c44aad5e92e69618f00acd77ee269b476647cd38740e8eeaf58b42b8b11" },
        { "refund", Body(new ZkRefundPayload(9, 2)), "25000000090000000000000002" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Transaction_bodies_match_their_golden_vectors_and_round_trip(string name, byte[] encoded, string golden)
    {
        Assert.True(Hex.Encode(encoded, prefix: false) == golden, name);
        Assert.Equal(encoded, Body(DecodePayload(encoded)));
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => DecodePayload([.. encoded, 0])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => DecodePayload(encoded[..^1])).Error);
    }

    [Fact]
    public void Records_match_their_golden_vectors_and_round_trip()
    {
        Pin(new ZkRollupRecord(Config, 1, Root, 3, 2, 5, 1_500, 300, 6, 0, 1, 0), "0100000009010000000000000002000000000000000300000000000000040000000000000001000000000000000400000000000000010100000000000000020000000000000003000000000000000400000000000000000000000000000300000000000000020000000000000005000000000000000000000000000005dc0000000000000000000000000000012c0000000000000006000000000000000000000000000000010000000000000000");
        Pin(new ZkPriorityRecord(0, Alice, 2, new DepositOp(0, 3, Key, 1_000), ZkPriorityStatus.Processed, 3), "010000000000000000333333333333333333333333333333333333333300000000000000020000003e01030000000000000000000000039c7104fb28e05ceb80a507c89a8187589db8278368272c66e21e2dff03bb02c2e63b3e8a48d5344100000000000003e8010000000000000003");
        Pin(new ZkBatchRecord(2, 6, TxHash, Alice, Root, Digest(5, 6, 7, 8), 0, 2, 1, 300, 1, 12, L1.Blobs.BlobCommitment.Of(Pubdata), 79_000, 3_000_000), "01000000000000000200000000000000065555555555555555555555555555555555555555555555555555555555555555333333333333333333333333333333333333333301000000000000000200000000000000030000000000000004000000000000000500000000000000060000000000000007000000000000000800000000000000000000000000000000000002000000010000000000000000000000000000012c000000010000000cd8ab5441d5ffe9e1b749f7d41c7a009ece3a6e59e1b8b007b7583f385ceac14c0001349800000000002dc6c0");
        Pin(new ZkRejectionRecord(0, 6, TxHash, Alice, 2, ZkRollupError.ProofInvalid, (ushort)ProofRejection.OodConstraintMismatch), "0200000000000000000000000000000006555555555555555555555555555555555555555555555555555555555555555533333333333333333333333333333333333333330000000000000002640005");
        Pin(new ZkExitRecord(3, Bob, 900, 8), "0100000003444444444444444444444444444444444444444400000000000003840000000000000008");
        Pin(new ZkIndexRecord([3, 9]), "01000000020000000300000009");
        Pin(new ZkBlockFailureRecord(6), "010000000000000006");
        Assert.EndsWith("799dcdf037938218fba826e9fae1163b021e16f8", ZkKeys.Escrow(9).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("640000", CodecError.InvalidValue)] // ProofInvalid needs a ProofRejection: 0 is none
    [InlineData("64000e", CodecError.InvalidValue)] // 14 is past the last ProofRejection
    [InlineData("670005", CodecError.InvalidValue)] // PriorityQueueViolation has 4 sub-reasons
    [InlineData("660001", CodecError.InvalidValue)] // PubdataMalformed has no sub-reason
    [InlineData("090000", CodecError.InvalidValue)] // FailedBatchQuota refuses a transaction, it is never recorded
    [InlineData("650000", CodecError.InvalidValue)] // 101 is no batch failure
    [InlineData("6400", CodecError.Truncated)]
    [InlineData("64000500", CodecError.TrailingBytes)]
    public void A_rejection_record_holds_only_a_batch_failure_reason_and_its_sub_reason(string tail, CodecError error)
    {
        var head = "020000000000000000000000000000000655555555555555555555555555555555555555555555555555555555555555553333333333333333333333333333333333333333" + "0000000000000002";
        Assert.Equal(error, Assert.Throws<CodecException>(() => Canonical.Decode<ZkRejectionRecord>(Hex.Decode(head + tail))).Error);
        // The version-1 record (no reason) is not read as a version-2 one.
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<ZkRejectionRecord>(Hex.Decode("01" + head[2..] + "640005"))).Error);
        Assert.Equal(19, ZkBatchFailure.CandidateCodes.Count);
        Assert.All(ZkBatchFailure.CandidateCodes, code => Assert.True(ZkBatchFailure.IsValid((ZkRollupError)(code >> 16), (ushort)code)));
        Assert.Equal(ZkBatchFailure.CandidateCodes.Count, ZkBatchFailure.CandidateCodes.Distinct().Count());
    }

    [Fact]
    public void A_batch_carries_its_pubdata_as_a_blob_in_the_rollup_namespace_and_prices_verification()
    {
        var batch = Batch;
        Assert.Same(batch.Blob, batch.CarriedBlob);
        Assert.Equal(L1.Rollups.RollupNamespace.Of(9), batch.Blob.Namespace);
        Assert.Equal(Pubdata, batch.Blob.Data);
        var bare = (ZkBatchPayload)DecodePayload(Body(batch));
        Assert.False(bare.Blob.HasData);
        Assert.Equal(batch.Blob.Commitment, bare.Blob.Commitment);
        Assert.Equal(ZkVerificationGas.For(0, 0, 12, Proof.Encode().Length), bare.IntrinsicGas);
        Assert.True(ZkVerificationGas.For(64, 0, 768, 160_000) < 30_000_000, "a 64-transfer batch fits a default block");
        // Measured verify CPU time (compact options): batch proof v4 1.7 ms at 1 transfer, 4.3 ms at 64, 9.7 ms at 256;
        // v5 (the default) since session 14's verifier, the larger of default and compact options: 2.03, 2.68, 4.44 ms and
        // 8.52 ms at 1,024 (the verifier before it: 10.1 ms at 1,024 on the quiet machine, also covered).
        foreach ((byte version, int signers, int micros) in new[]
        {
            ((byte)4, 1, 1_700), ((byte)4, 64, 4_300), ((byte)4, 256, 9_700),
            ((byte)5, 1, 2_030), ((byte)5, 64, 2_680), ((byte)5, 256, 4_440), ((byte)5, 1_024, 8_520), ((byte)5, 1_024, 10_100),
        })
        {
            Assert.True(ZkVerificationGas.For(version, signers, 0, 0, 0) >= 21_000 + (ulong)micros * ZkVerificationGas.GasPerMicrosecond,
                $"v{version}: {signers} signers priced below their measured cost");
        }
        Assert.Equal(ZkVerificationGas.For(5, 64, 0, 768, 160_000), ZkVerificationGas.For(64, 0, 768, 160_000));
        Assert.True(ZkVerificationGas.For(1_024, 0, 12_288, 360_000) < 30_000_000, "a 1,024-transfer batch fits a default block");
    }

    public static TheoryData<string, string, CodecError> Malformed => new()
    {
        { "deposit to an index past 2^24", "21" + "00000009" + "01000000" + Hex.Encode(Key.ToArray(), false) + "00000000000003e8", CodecError.InvalidValue },
        { "zero deposit", "21" + "00000009" + "00000003" + Hex.Encode(Key.ToArray(), false) + "0000000000000000", CodecError.InvalidValue },
        { "deposit above 2^62", "21" + "00000009" + "00000003" + Hex.Encode(Key.ToArray(), false) + "4000000000000000", CodecError.InvalidValue },
        { "key not a point", "21" + "00000009" + "00000003" + new string('f', 80) + "00000000000003e8", CodecError.InvalidValue },
        { "zero exodus delay", "20" + "00000009" + Hex.Encode(Root.ToBytes(), false) + "01" + "0000000000000000", CodecError.InvalidValue },
        { "non-canonical root", "20" + "00000009" + new string('f', 64) + "01" + "0000000000000004", CodecError.NonCanonical },
    };

    [Fact]
    public void The_AIR_version_is_a_value_the_codec_reads_whatever_it_is_and_registration_judges()
    {
        // A rollup registered under a version a later build dropped must still read (its users still exit); whether
        // a version may be registered is ZkAirVersions' rule (ZkAirVersionTests).
        foreach (byte version in new byte[] { 0, 2, ZkAirVersions.Current, 255 })
        {
            var body = Body(new ZkRegisterPayload(Config with { AirVersion = version }));
            Assert.Equal(version, ((ZkRegisterPayload)DecodePayload(body)).Config.AirVersion);
        }
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_bodies_are_typed_codec_errors(string name, string hex, CodecError error)
        => Assert.True(error == Assert.Throws<CodecException>(() => DecodePayload(Hex.Decode(hex))).Error, name);

    [Fact]
    public void Malformed_batches_are_typed_codec_errors()
    {
        var golden = Body(Batch);
        CodecError Error(byte[] bytes) => Assert.Throws<CodecException>(() => DecodePayload(bytes)).Error;
        // Effects: refund serials out of order, more refunds than consumed operations.
        var twoRefunds = new ZkBatchPayload(9, 2, Effects with { RefundedDeposits = [7, 8] }, 1_000, Pubdata, Proof);
        var swapped = Body(twoRefunds);
        var at = 1 + 4 + 8 + 32 + 4 + 4 + 28 + 4;
        (swapped[at + 7], swapped[at + 15]) = (swapped[at + 15], swapped[at + 7]);
        Assert.Equal(CodecError.NonCanonical, Error(swapped));
        Assert.Equal(CodecError.InvalidValue, Error(Body(new ZkBatchPayload(9, 2, Effects with { PriorityOpsConsumed = 0 }, 1_000, Pubdata, Proof))));
        // Pubdata length 0; a proof of an unknown version.
        var lengthAt = 1 + 4 + 8 + 32 + 4 + 4 + 28 + 4 + 8 + 8;
        var empty = (byte[])golden.Clone();
        empty.AsSpan(lengthAt, 4).Clear();
        Assert.Equal(CodecError.InvalidValue, Error(empty));
        var badProof = (byte[])golden.Clone();
        badProof[lengthAt + 4 + 32 + 4] = 9;
        Assert.Equal(CodecError.UnknownVersion, Error(badProof));
    }

    [Fact]
    public void The_kinds_are_registered_with_their_names()
    {
        foreach (var (kind, name) in new[] { (TxKind.ZkRegister, "zkregister"), (TxKind.ZkDeposit, "zkdeposit"), (TxKind.ZkForcedExit, "zkforcedexit"), (TxKind.ZkBatch, "zkbatch"), (TxKind.ZkExodus, "zkexodus"), (TxKind.ZkRefund, "zkrefund") })
            Assert.Equal(name, L1.Modules.TxFormats.Find((byte)kind)!.Name);
        Assert.True(L1.Modules.TxFormats.Find((byte)TxKind.ZkBatch)!.CarriesData);
    }

    private static void Pin<T>(T record, string golden) where T : ICanonical<T>
    {
        var bytes = Canonical.Encode(record);
        Assert.Equal(golden, Hex.Encode(bytes, prefix: false));
        Assert.Equal(bytes, Canonical.Encode(Canonical.Decode<T>(bytes)));
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<T>([.. bytes, 0])).Error);
    }
}
