using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Tests.Zk.Transactions;

public sealed class ZkTransactionCodecTests
{
    private static readonly ZkRollupDomain Domain = ZkWorkload.Domain;
    private static readonly ZkSigningKey Key = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)0x42, 32).ToArray());
    private static readonly Address Recipient = new(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());

    public static IEnumerable<object[]> OneOfEachKind()
    {
        yield return [TransferTx.Create(1, 2, PackedAmount.Pack(123_000), 4, Key, Domain)];
        yield return [TransferToNewTx.Create(1, 16_777_215, Key.PublicKey, PackedAmount.Pack(5), 0, Key, Domain)];
        yield return [new DepositOp(77, 3, Key.PublicKey, 1UL << 61)];
        yield return [WithdrawalTx.Create(9, 1, Recipient, uint.MaxValue - 1, Key, Domain)];
        yield return [ForcedExitOp.Create(ulong.MaxValue, 0, Recipient, 0, Key, Domain)];
    }

    [Theory]
    [MemberData(nameof(OneOfEachKind))]
    public void Every_kind_round_trips_and_rejects_every_truncation_and_extension(ZkTransaction tx)
    {
        byte[] bytes = tx.Encode();
        Assert.True(bytes.Length <= ZkTransaction.MaxEncodedLength);
        ZkTransaction decoded = ZkTransaction.Decode(bytes);
        Assert.Equal(tx, decoded);
        Assert.Equal(bytes, decoded.Encode());
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Throws<CodecException>(() => ZkTransaction.Decode(bytes.AsSpan(0, cut)));
        }
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => ZkTransaction.Decode([.. bytes, 0])).Error);
        byte[] version = (byte[])bytes.Clone();
        version[0] = 2;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => ZkTransaction.Decode(version)).Error);
        byte[] kind = (byte[])bytes.Clone();
        kind[1] = 6;
        Assert.Equal(CodecError.UnknownKind, Assert.Throws<CodecException>(() => ZkTransaction.Decode(kind)).Error);
    }

    [Fact]
    public void Out_of_range_fields_are_invalid_values()
    {
        byte[] transfer = TransferTx.Create(1, 2, PackedAmount.Pack(1), 0, Key, Domain).Encode();
        byte[] bigIndex = (byte[])transfer.Clone();
        bigIndex[2] = 1; // from = 2^24 + 1
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkTransaction.Decode(bigIndex)).Error);
        byte[] nonCanonicalAmount = (byte[])transfer.Clone();
        nonCanonicalAmount[10..15].AsSpan().Clear();
        nonCanonicalAmount[14] = 0x21; // mantissa 1, exponent 1: must be written as mantissa 10
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkTransaction.Decode(nonCanonicalAmount)).Error);
        byte[] deposit = new DepositOp(0, 1, Key.PublicKey, 1).Encode();
        deposit[^8] = 0x40; // amount 2^62 + 1
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkTransaction.Decode(deposit)).Error);
        byte[] neutralKey = new DepositOp(0, 1, Key.PublicKey, 1).Encode();
        neutralKey.AsSpan(14, 40).Clear();
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkTransaction.Decode(neutralKey)).Error);
    }

    [Fact]
    public void Golden_transfer_encoding()
    {
        byte[] bytes = TransferTx.Create(1, 2, PackedAmount.Pack(123_000), 4, Key, Domain).Encode();
        Assert.Equal(GoldenTransfer, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Golden_deposit_encoding()
    {
        byte[] bytes = new DepositOp(77, 3, Key.PublicKey, 1UL << 61).Encode();
        Assert.Equal("0103000000000000004d00000003" + Key.PublicKey + "2000000000000000", Convert.ToHexStringLower(bytes));
    }

    private const string GoldenTransfer =
        "0101000000010000000200003c0f000000000492b930eca3fadc32fc6cc31329ae56639b6660de0d5c202b6f94de67142fbe" +
        "ccdca5a43c5c2dd845128c5e00a7019e55a34e46d7d4b5a4d31ba06ba2a5e5b4cb1df2413f2fa4497073f2cd49ed6cc97e";

    [Fact]
    public void Packed_amounts_are_canonical()
    {
        Assert.Equal(123_000UL, PackedAmount.Pack(123_000).Value);
        Assert.Equal(0, PackedAmount.Pack(123_000).Exponent);
        PackedAmount big = PackedAmount.Pack(34_359_738_367UL * 1000);
        Assert.Equal(3, big.Exponent);
        Assert.False(PackedAmount.TryPack(34_359_738_368UL + 1, out _));
        Assert.Throws<ArgumentException>(() => new PackedAmount(1, 1));
        Assert.Throws<ArgumentException>(() => PackedAmount.FromBits(1UL << 40));
        Assert.False(PackedAmount.TryPack(1UL << 62, out _));
    }
}
