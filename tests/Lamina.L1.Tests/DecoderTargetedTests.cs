using System.Buffers.Binary;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests;

/// <summary>Each canonical-encoding rule, broken on purpose, with the specific <see cref="CodecError"/> it must raise.</summary>
public sealed class DecoderTargetedTests
{
    private static readonly byte[] Tx = GoldenVectorTests.Tx1().Encoded;
    // version(1) ‖ chain id (4 + 13) ‖ nonce(8) ‖ sender(32) ‖ three u64 fee/gas fields(24), then the kind byte.
    private const int KindOffset = 1 + 4 + 13 + 8 + 32 + 24;

    private static CodecError TxError(byte[] bytes) => Assert.Throws<CodecException>(() => Transaction.FromBytes(bytes)).Error;

    private static byte[] Patched(byte[] source, int offset, params byte[] bytes)
    {
        var copy = source.ToArray();
        bytes.CopyTo(copy, offset);
        return copy;
    }

    [Fact]
    public void Truncated_transaction_at_every_length()
    {
        for (var length = 0; length < Tx.Length; length++)
        {
            Assert.Equal(CodecError.Truncated, TxError(Tx[..length]));
        }
    }

    [Fact]
    public void Trailing_byte_after_transaction()
    {
        Assert.Equal(CodecError.TrailingBytes, TxError([.. Tx, 0x00]));
    }

    [Fact]
    public void Unknown_transaction_version()
    {
        Assert.Equal(CodecError.UnknownVersion, TxError(Patched(Tx, 0, 0x02)));
        Assert.Equal(CodecError.UnknownVersion, TxError(Patched(Tx, 0, 0x00)));
    }

    [Fact]
    public void Unknown_transaction_kind()
    {
        Assert.Equal((byte)TxKind.Transfer, Tx[KindOffset]);
        // 0, the first number after the highest kind defined today, and 255 are not kinds.
        var firstUnused = (byte)((byte)Enum.GetValues<TxKind>().Max() + 1);
        foreach (var kind in new byte[] { 0x00, firstUnused, 0xFF })
        {
            Assert.False(Enum.IsDefined((TxKind)kind));
            Assert.Equal(CodecError.UnknownKind, TxError(Patched(Tx, KindOffset, kind)));
        }
    }

    private static byte[] TxWithChainId(string chainId)
    {
        var w = new CanonicalWriter();
        w.WriteU8(Transaction.Version);
        w.WriteAscii(chainId);
        // The rest of the golden transaction after its chain id.
        w.WriteRaw(Tx.AsSpan(1 + 4 + 13));
        return w.ToArray();
    }

    [Fact]
    public void Oversize_chain_id()
    {
        Assert.Equal(CodecError.Oversize, TxError(TxWithChainId(new string('x', Transaction.MaxChainIdLength + 1))));
        // Exactly at the limit decodes (and then simply fails signature checking).
        var atLimit = Transaction.FromBytes(TxWithChainId(new string('x', Transaction.MaxChainIdLength)));
        Assert.Equal(Transaction.MaxChainIdLength, atLimit.ChainId.Length);
        Assert.False(atLimit.HasValidSignature());
        // A length prefix of 4 GiB must be refused by its size, not by trying to read it.
        Assert.Equal(CodecError.Oversize, TxError(Patched(Tx, 1, 0xFF, 0xFF, 0xFF, 0xFF)));
    }

    [Fact]
    public void Empty_or_unprintable_chain_id()
    {
        Assert.Equal(CodecError.InvalidValue, TxError(TxWithChainId("")));
        var tab = TxWithChainId("lamina-golden");
        tab[5] = 0x09;
        Assert.Equal(CodecError.InvalidValue, TxError(tab));
    }

    [Fact]
    public void Transaction_over_the_size_cap_is_refused_before_decoding()
    {
        Assert.Equal(CodecError.Oversize, TxError(new byte[Transaction.MaxEncodedSize + 1]));
    }

    [Fact]
    public void Non_canonical_bool_in_block()
    {
        var header = GoldenVectorTests.GoldenHeader();
        var block = Canonical.Encode(new Block(header, [], null));
        // The has-last-commit flag sits just before the (empty) evidence count.
        var flag = block.Length - 5;
        Assert.Equal(0, block[flag]);
        foreach (var bad in new byte[] { 2, 0x80, 0xFF })
        {
            var copy = block.ToArray();
            copy[flag] = bad;
            Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Canonical.Decode<Block>(copy)).Error);
        }
    }

    [Fact]
    public void Block_claiming_more_transactions_than_bytes()
    {
        var header = Canonical.Encode(GoldenVectorTests.GoldenHeader());
        var w = new CanonicalWriter();
        w.WriteRaw(header);
        w.WriteU32(1_000);
        w.WriteBool(false);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<Block>(w.ToArray())).Error);

        var over = new CanonicalWriter();
        over.WriteRaw(header);
        over.WriteU32(Block.MaxTransactions + 1);
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() => Canonical.Decode<Block>(over.ToArray())).Error);
    }

    [Fact]
    public void Block_with_a_bad_embedded_transaction_names_the_transaction_error()
    {
        var header = Canonical.Encode(GoldenVectorTests.GoldenHeader());
        var w = new CanonicalWriter();
        w.WriteRaw(header);
        w.WriteCount(1);
        w.WriteBytes(Patched(Tx, KindOffset, 0xFF));
        w.WriteBool(false);
        Assert.Equal(CodecError.UnknownKind, Assert.Throws<CodecException>(() => Canonical.Decode<Block>(w.ToArray())).Error);
    }

    [Fact]
    public void Header_unknown_version_and_trailing_bytes()
    {
        var header = Canonical.Encode(GoldenVectorTests.GoldenHeader());
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<BlockHeader>(Patched(header, 0, 9))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<BlockHeader>([.. header, 1])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<BlockHeader>(header[..^1])).Error);
    }

    [Fact]
    public void Commit_with_too_many_signatures()
    {
        var w = new CanonicalWriter();
        w.WriteU64(1);
        w.WriteU32(0);
        w.WriteHash(Hash256.Zero);
        w.WriteU32(ValidatorSet.MaxValidators + 1);
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() => Canonical.Decode<Commit>(w.ToArray())).Error);
    }

    private static byte[] EncodeValidators(params (byte[] Key, ulong Power)[] validators)
    {
        var w = new CanonicalWriter();
        w.WriteCount(validators.Length);
        foreach (var (key, power) in validators)
        {
            w.WriteRaw(key);
            w.WriteU64(power);
        }
        return w.ToArray();
    }

    private static CodecError ValidatorSetError(byte[] bytes) => Assert.Throws<CodecException>(() => Canonical.Decode<ValidatorSet>(bytes)).Error;

    [Fact]
    public void Validator_set_rules()
    {
        var sorted = GoldenVectorTests.Validators().Validators.Select(v => v.PublicKey.ToArray()).ToArray();
        Assert.Equal(CodecError.NonCanonical, ValidatorSetError(EncodeValidators((sorted[1], 1), (sorted[0], 1))));
        Assert.Equal(CodecError.InvalidValue, ValidatorSetError(EncodeValidators((sorted[0], 0))));
        Assert.Equal(CodecError.InvalidValue, ValidatorSetError(EncodeValidators((sorted[0], 1), (sorted[0], 1))));
        Assert.Equal(CodecError.InvalidValue, ValidatorSetError(EncodeValidators()));
        Assert.Equal(CodecError.Oversize, ValidatorSetError([0, 0, 0x03, 0xE9]));
    }

    [Fact]
    public void Validator_set_whose_total_power_overflows_is_a_codec_error()
    {
        // Two validators of 2^63 power each: the total does not fit in a u64. This must be a typed decode
        // failure, never an OverflowException escaping into the networking code.
        var sorted = GoldenVectorTests.Validators().Validators.Select(v => v.PublicKey.ToArray()).ToArray();
        var bytes = EncodeValidators((sorted[0], 1UL << 63), (sorted[1], 1UL << 63));
        Assert.Equal(CodecError.InvalidValue, ValidatorSetError(bytes));
    }

    [Fact]
    public void Account_rules()
    {
        var account = Canonical.Encode(new Account(5, 1));
        Assert.Equal(24, account.Length);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<Account>(account[..23])).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<Account>([.. account, 0])).Error);
    }

    [Fact]
    public void Receipt_truncated_and_trailing()
    {
        var receipt = Canonical.Encode(GoldenVectorTests.GoldenReceipt());
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<Receipt>(receipt[..^1])).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<Receipt>([.. receipt, 0])).Error);
    }

    [Fact]
    public void Codec_errors_carry_the_offset_of_the_offending_field()
    {
        var ex = Assert.Throws<CodecException>(() => Transaction.FromBytes(Patched(Tx, KindOffset, 0xFF)));
        Assert.Equal(KindOffset, ex.Offset);
        var big = Patched(Tx, 1, 0, 0, 0, 33);
        Assert.Equal(1, Assert.Throws<CodecException>(() => Transaction.FromBytes(big)).Offset);
        Assert.Equal(33u, BinaryPrimitives.ReadUInt32BigEndian(big.AsSpan(1)));
    }

    [Fact]
    public void Signature_bytes_are_opaque_to_the_decoder_but_fail_verification()
    {
        var bytes = Tx.ToArray();
        bytes[^1] ^= 0x40;
        var tx = Transaction.FromBytes(bytes);
        Assert.False(tx.HasValidSignature());
        Assert.NotEqual(GoldenVectorTests.Tx1().Hash, tx.Hash);
        Assert.Equal(GoldenVectorTests.Tx1().SigningHash, tx.SigningHash);
        Assert.False(Ed25519.Verify(tx.Sender, GoldenVectorTests.Tx1().SigningHash.ToArray(), tx.Signature));
    }
}
