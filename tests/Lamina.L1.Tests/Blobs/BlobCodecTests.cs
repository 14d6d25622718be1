using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Execution;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests.Blobs;

/// <summary>
/// The blob transaction and the fee record: golden vectors computed independently by golden/gen_blob_vectors.py,
/// and every malformed body refused with its typed <see cref="CodecException"/>.
/// </summary>
public sealed class BlobCodecTests
{
    private const string BlobTxEncoded = "010000000d6c616d696e612d676f6c64656e0000000000000003d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00000000000007d0000000000000000a000000000000520806000000000000000000000000000000000000000000000000000000002a0000000000000007000000192a0729fd555fe77bf352c3aec9649f3a4f4e184bbee32f2deab079998d4682c6c5f055421c54d5aa758c38f89e9870ec250f619582f93781ec33b2cfe733e8650b65ada1b884e94e2448bbd954cda163720493643026ccd20a3c0ab9f41b1d0a";
    private const string BlobTxId = "ef0286ed5bd30de25e09dca2680f394db131b9309a07cf94511861ae80fb4e30";
    private const string BlobCommitmentHex = "2a0729fd555fe77bf352c3aec9649f3a4f4e184bbee32f2deab079998d4682c6";
    private const string BlobTxNetwork = "010000000d6c616d696e612d676f6c64656e0000000000000003d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00000000000007d0000000000000000a000000000000520806000000000000000000000000000000000000000000000000000000002a0000000000000007000000192a0729fd555fe77bf352c3aec9649f3a4f4e184bbee32f2deab079998d4682c6c5f055421c54d5aa758c38f89e9870ec250f619582f93781ec33b2cfe733e8650b65ada1b884e94e2448bbd954cda163720493643026ccd20a3c0ab9f41b1d0a000000196c616d696e6120626c6f6220676f6c64656e20766563746f72";
    private const string SidecarsEncoded = "010000000000000005000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00000002000000196c616d696e6120626c6f6220676f6c64656e20766563746f7200000003616263";
    private const string FeeStateEncoded = "0100000000000600000000000000020000";

    private static readonly SigningKey KeyA = SigningKey.FromSeed(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    // The body starts after: version, chain id, nonce, sender key, max fee, tip, gas limit, kind.
    private static readonly int BodyOffset = 1 + 4 + "lamina-golden".Length + 8 + 32 + 8 + 8 + 8 + 1;

    public static Namespace Ns(byte id)
    {
        var bytes = new byte[Namespace.IdSize];
        bytes[^1] = id;
        return Namespace.User(bytes);
    }

    private static Transaction GoldenTx() => Transaction.Create(KeyA, "lamina-golden", 3, 2_000, 10, 21_000,
        new BlobPayload(Ns(0x2a), 7, "lamina blob golden vector"u8.ToArray()));

    [Fact]
    public void Blob_transaction_matches_its_golden_vector_and_round_trips()
    {
        var tx = GoldenTx();
        Assert.Equal(BlobTxEncoded, Convert.ToHexStringLower(tx.Encoded));
        Assert.Equal(new Hash256(Hex.Decode(BlobTxId)), tx.Hash);
        var decoded = Transaction.FromBytes(Hex.Decode(BlobTxEncoded));
        var payload = Assert.IsType<BlobPayload>(decoded.Payload);
        Assert.Equal(Ns(0x2a), payload.Namespace);
        Assert.Equal(7UL, payload.MaxFeePerBlobGas);
        Assert.Equal(25u, payload.DataLength);
        Assert.Equal(new Hash256(Hex.Decode(BlobCommitmentHex)), payload.Commitment);
        // A block's transaction holds the commitment only: the bytes come as a sidecar.
        Assert.Null(payload.Data);
        Assert.True(decoded.HasValidSignature());

        // The network form carries the bytes after the transaction; its hash is the canonical part's.
        Assert.Equal(BlobTxNetwork, Convert.ToHexStringLower(tx.NetworkEncoded));
        var pooled = TransactionNetworkForm.Decode(Hex.Decode(BlobTxNetwork));
        Assert.Equal(tx.Hash, pooled.Hash);
        Assert.Equal("lamina blob golden vector"u8.ToArray(), Assert.IsType<BlobPayload>(pooled.Payload).Data);
        Assert.Equal((byte)6, (byte)TxKind.Blob);
    }

    [Fact]
    public void Fee_record_matches_its_golden_vector_and_zero_is_not_a_record()
    {
        var record = new BlobFeeState(393_216, 131_072);
        Assert.Equal(FeeStateEncoded, Convert.ToHexStringLower(Canonical.Encode(record)));
        Assert.Equal(record, Canonical.Decode<BlobFeeState>(Hex.Decode(FeeStateEncoded)));
        Assert.Equal(CodecError.NonCanonical, Error<BlobFeeState>("01" + new string('0', 32)));
        Assert.Equal(CodecError.UnknownVersion, Error<BlobFeeState>("02" + FeeStateEncoded[2..]));
        Assert.Equal(CodecError.Truncated, Error<BlobFeeState>(FeeStateEncoded[..^2]));
        Assert.Equal(CodecError.TrailingBytes, Error<BlobFeeState>(FeeStateEncoded + "00"));
    }

    [Fact]
    public void Malformed_blob_bodies_are_refused_with_typed_errors()
    {
        var good = Hex.Decode(BlobTxEncoded);
        Assert.Equal(CodecError.UnknownVersion, TxError(Patched(good, BodyOffset, 0x01)));
        Assert.Equal(CodecError.InvalidValue, TxError(Patched(good, BodyOffset, 0xFF)));
        // Data length patched: zero and one past the cap.
        var lengthAt = BodyOffset + Namespace.Size + 8;
        Assert.Equal(CodecError.InvalidValue, TxError(WithLength(good, lengthAt, 0)));
        Assert.Equal(CodecError.Oversize, TxError(WithLength(good, lengthAt, BlobParameters.MaxBlobBytes + 1)));
        Assert.Equal(CodecError.Truncated, TxError(good[..(BodyOffset + 10)]));
        Assert.Equal(CodecError.TrailingBytes, TxError([.. good, 0x00]));
    }

    [Fact]
    public void The_largest_blob_round_trips_and_one_byte_more_is_refused_by_the_constructor()
    {
        var data = new byte[BlobParameters.MaxBlobBytes];
        data[^1] = 0x5a;
        var tx = Transaction.Create(KeyA, "lamina-golden", 0, 2_000, 10, 21_000, new BlobPayload(Ns(1), 1, data));
        Assert.Equal(data, Assert.IsType<BlobPayload>(TransactionNetworkForm.Decode(tx.NetworkEncoded).Payload).Data);
        Assert.True(tx.NetworkEncoded.Length <= Transaction.MaxEncodedSize);
        Assert.Equal((uint)data.Length, Assert.IsType<BlobPayload>(Transaction.FromBytes(tx.Encoded).Payload).DataLength);
        Assert.Throws<ArgumentException>(() => new BlobPayload(Ns(1), 1, new byte[BlobParameters.MaxBlobBytes + 1]));
        Assert.Throws<ArgumentException>(() => new BlobPayload(Ns(1), 1, []));
        Assert.Throws<ArgumentException>(() => new BlobPayload(Namespace.TailPadding, 1, [1]));
    }

    [Fact]
    public void Network_form_refuses_a_blob_without_its_bytes_or_with_bytes_that_do_not_match()
    {
        var good = Hex.Decode(BlobTxNetwork);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => TransactionNetworkForm.Decode(Hex.Decode(BlobTxEncoded))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => TransactionNetworkForm.Decode([.. good, 0])).Error);
        var flipped = good.ToArray();
        flipped[^1] ^= 1;
        Assert.Equal(SidecarError.CommitmentMismatch, Assert.Throws<InvalidSidecarException>(() => TransactionNetworkForm.Decode(flipped)).Error);
        var shorter = Hex.Decode(BlobTxEncoded).Concat(new byte[] { 0, 0, 0, 3, 1, 2, 3 }).ToArray();
        Assert.Equal(SidecarError.LengthMismatch, Assert.Throws<InvalidSidecarException>(() => TransactionNetworkForm.Decode(shorter)).Error);
    }

    [Fact]
    public void Sidecars_match_their_golden_vector_and_malformed_ones_are_refused_with_typed_errors()
    {
        var sidecars = new BlobSidecars(5, new Hash256(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), ["lamina blob golden vector"u8.ToArray(), "abc"u8.ToArray()]);
        Assert.Equal(SidecarsEncoded, Convert.ToHexStringLower(Canonical.Encode(sidecars)));
        Assert.Equal(sidecars, Canonical.Decode<BlobSidecars>(Hex.Decode(SidecarsEncoded)));
        Assert.Equal(CodecError.UnknownVersion, Error<BlobSidecars>("02" + SidecarsEncoded[2..]));
        Assert.Equal(CodecError.Truncated, Error<BlobSidecars>(SidecarsEncoded[..^2]));
        Assert.Equal(CodecError.TrailingBytes, Error<BlobSidecars>(SidecarsEncoded + "00"));
        // An empty sidecar, and one over the blob size cap.
        var header = SidecarsEncoded[..(2 + 16 + 64)];
        Assert.Equal(CodecError.InvalidValue, Error<BlobSidecars>(header + "00000001" + "00000000" + "00"));
        Assert.Equal(CodecError.Oversize, Error<BlobSidecars>(header + "00000001" + (BlobParameters.MaxBlobBytes + 1).ToString("x8") + "00"));
    }

    [Fact]
    public void Max_cost_includes_the_blob_fee_and_a_zero_fee_cap_is_refused_statelessly()
    {
        var tx = GoldenTx();
        var blobBytes = (UInt128)"lamina blob golden vector"u8.Length;
        Assert.Equal(((UInt128)21_000 * 2_000) + (blobBytes * 7), TransactionRules.MaxCost(tx));
        var free = Transaction.Create(KeyA, "lamina-golden", 3, 2_000, 10, 21_000, new BlobPayload(Ns(1), 0, [1, 2, 3]));
        var ex = Assert.Throws<TransactionRejectedException>(() => TransactionRules.CheckStateless(free, "lamina-golden", ChainParameters.Default));
        Assert.Equal(TxRejectReason.InvalidFeeFields, ex.Reason);
        var json = new System.Text.Json.Nodes.JsonObject();
        TxFormats.Of(tx.Payload).WriteJson(tx.Payload, json);
        Assert.Equal("25", json["blobGas"]!.GetValue<string>());
        Assert.Equal("blob", TxFormats.Of(tx.Payload).Name);
    }

    private static byte[] Patched(byte[] bytes, int at, byte value)
    {
        var copy = bytes.ToArray();
        copy[at] = value;
        return copy;
    }

    private static byte[] WithLength(byte[] bytes, int at, int length)
    {
        var copy = bytes.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), (uint)length);
        return copy;
    }

    private static CodecError TxError(byte[] bytes) => Assert.Throws<CodecException>(() => Transaction.FromBytes(bytes)).Error;

    private static CodecError Error<T>(string hex) where T : ICanonical<T> => Assert.Throws<CodecException>(() => Canonical.Decode<T>(Hex.Decode(hex))).Error;
}
