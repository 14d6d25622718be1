using CsCheck;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;

namespace Lamina.Core.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Integers_are_fixed_width_big_endian_golden()
    {
        var w = new CanonicalWriter();
        w.WriteU8(0xAB);
        w.WriteU16(0x0102);
        w.WriteU32(0x03040506);
        w.WriteU64(0x0708090A0B0C0D0E);
        w.WriteU128(UInt128.One);
        w.WriteBool(true);
        w.WriteBytes([0xFF, 0xEE]);
        Assert.Equal("ab010203040506" + "0708090a0b0c0d0e" + "00000000000000000000000000000001" + "01" + "00000002ffee",
            Hex.Encode(w.WrittenSpan, prefix: false));
    }

    [Fact]
    public void Reader_rejects_truncation_with_typed_error()
    {
        var ex = Assert.Throws<CodecException>(() =>
        {
            var r = new CanonicalReader([0, 0, 0]);
            r.ReadU32();
        });
        Assert.Equal(CodecError.Truncated, ex.Error);
    }

    [Fact]
    public void Reader_rejects_non_canonical_bool()
    {
        var ex = Assert.Throws<CodecException>(() =>
        {
            var r = new CanonicalReader([2]);
            r.ReadBool();
        });
        Assert.Equal(CodecError.NonCanonical, ex.Error);
    }

    [Fact]
    public void Reader_rejects_oversize_length_before_allocating()
    {
        var ex = Assert.Throws<CodecException>(() =>
        {
            var r = new CanonicalReader([0xFF, 0xFF, 0xFF, 0xFF, 1]);
            r.ReadBytes(1024);
        });
        Assert.Equal(CodecError.Oversize, ex.Error);
    }

    [Fact]
    public void Count_larger_than_remaining_bytes_is_refused()
    {
        var ex = Assert.Throws<CodecException>(() =>
        {
            var r = new CanonicalReader([0, 0, 0, 100, 1, 2]);
            r.ReadCount(1000, 32);
        });
        Assert.Equal(CodecError.Truncated, ex.Error);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var proof = new SmtProof([], null, null);
        var bytes = Canonical.Encode(proof).Concat(new byte[] { 0 }).ToArray();
        var ex = Assert.Throws<CodecException>(() => Canonical.Decode<SmtProof>(bytes));
        Assert.Equal(CodecError.TrailingBytes, ex.Error);
    }

    [Fact]
    public void Random_bytes_never_crash_the_proof_decoder()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            try
            {
                var proof = Canonical.Decode<SmtProof>(bytes);
                // Whatever decodes must re-encode to the very same bytes: one encoding per value.
                Assert.Equal(bytes, Canonical.Encode(proof));
            }
            catch (CodecException)
            {
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Random_bytes_never_crash_the_node_decoder()
    {
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            try
            {
                var node = SmtNode.Decode(bytes);
                Assert.Equal(bytes, node.Encode());
            }
            catch (CodecException)
            {
            }
        }, iter: 20_000);
    }
}
