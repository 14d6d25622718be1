using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

public class SquareTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(64)]
    public void Blobs_lay_out_in_the_smallest_square_and_read_back_in_namespace_order(int k)
    {
        var blobs = TestSquares.BlobsFor(k, k);
        var square = DataSquare.FromBlobs(blobs);
        Assert.Equal(k, square.Width);
        var back = square.ExtractBlobs();
        var expected = blobs.Select((b, i) => (b, i)).OrderBy(x => x.b.Namespace).ThenBy(x => x.i).Select(x => x.b).ToList();
        Assert.Equal(expected.Count, back.Count);
        for (var i = 0; i < back.Count; i++)
        {
            Assert.Equal(expected[i].Namespace, back[i].Namespace);
            Assert.Equal(expected[i].Data, back[i].Data);
        }
    }

    [Fact]
    public void Padding_cannot_be_read_as_data_and_a_padding_namespace_cannot_carry_a_blob()
    {
        var padding = Share.TailPadding();
        var decoded = Share.Decode(padding.Bytes);
        Assert.True(decoded.IsTailPadding);
        Assert.Throws<ArgumentException>(() => new Blob(Namespace.TailPadding, [1]));
        Assert.Throws<ArgumentException>(() => new Blob(TestSquares.Ns(1), []));
        // A padding share with a payload byte, or a length, is not padding and not data: refused.
        var withByte = padding.Bytes.ToArray();
        withByte[^1] = 1;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Share.Decode(withByte)).Error);
        var withLength = padding.Bytes.ToArray();
        withLength[Share.SequenceLengthOffset + 3] = 1;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Share.Decode(withLength)).Error);
    }

    [Fact]
    public void Malformed_shares_are_refused_with_typed_errors()
    {
        var good = Share.First(TestSquares.Ns(3), 10, new byte[10]).Bytes.ToArray();
        Share.Decode(good);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Share.Decode(good.AsSpan(0, 511))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Share.Decode(good.Concat(new byte[1]).ToArray())).Error);
        var version = (byte[])good.Clone();
        version[Share.InfoOffset] = 2 << 1 | 1;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Share.Decode(version)).Error);
        var nsVersion = (byte[])good.Clone();
        nsVersion[0] = 3;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Share.Decode(nsVersion)).Error);
        var parity = (byte[])good.Clone();
        Namespace.Parity.CopyTo(parity);
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Share.Decode(parity)).Error);
        var oversize = (byte[])good.Clone();
        oversize[Share.SequenceLengthOffset] = 0xFF;
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() => Share.Decode(oversize)).Error);
        var dirtyTail = (byte[])good.Clone();
        dirtyTail[Share.FirstPayloadOffset + 10] = 9;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Share.Decode(dirtyTail)).Error);
        var empty = (byte[])good.Clone();
        empty.AsSpan(Share.SequenceLengthOffset, 4).Clear();
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Share.Decode(empty)).Error);
    }

    [Fact]
    public void Squares_that_are_not_the_canonical_layout_are_refused()
    {
        var square = DataSquare.FromBlobs(TestSquares.BlobsFor(4, 9));
        var bytes = square.Bytes.ToArray();

        var swapped = (byte[])bytes.Clone();
        var last = 15 * Share.Size;
        Share.First(TestSquares.Ns(9), 5, new byte[5]).Bytes.CopyTo(swapped.AsSpan(last));
        var error = Assert.Throws<InvalidSquareException>(() => DataSquare.FromShares(4, swapped).ExtractBlobs()).Error;
        Assert.True(error is SquareError.DataAfterPadding or SquareError.BrokenSequence or SquareError.UnsortedNamespaces, error.ToString());

        var continuation = (byte[])bytes.Clone();
        Share.Continuation(TestSquares.Ns(1), new byte[4]).Bytes.CopyTo(continuation.AsSpan(0));
        Assert.Equal(SquareError.BrokenSequence, Assert.Throws<InvalidSquareException>(() => DataSquare.FromShares(4, continuation).ExtractBlobs()).Error);

        var garbage = (byte[])bytes.Clone();
        garbage[Share.InfoOffset] = 0xFE;
        Assert.Equal(SquareError.MalformedShare, Assert.Throws<InvalidSquareException>(() => DataSquare.FromShares(4, garbage).ExtractBlobs()).Error);

        Assert.Equal(SquareError.InvalidWidth, Assert.Throws<InvalidSquareException>(() => DataSquare.FromShares(3, new byte[9 * Share.Size])).Error);
        // One small blob padded out to a 4-wide square: it belongs in a 1-wide square.
        var small = DataSquare.FromBlobs([new Blob(TestSquares.Ns(1), [1, 2, 3])]);
        var padded = new byte[16 * Share.Size];
        small.Bytes.CopyTo(padded);
        for (var i = 1; i < 16; i++) Share.TailPadding().Bytes.CopyTo(padded.AsSpan(i * Share.Size));
        Assert.Equal(SquareError.InvalidWidth, Assert.Throws<InvalidSquareException>(() => DataSquare.FromShares(4, padded).ExtractBlobs()).Error);
    }

    [Fact]
    public void Too_much_data_for_a_512_wide_square_is_a_typed_error()
    {
        var big = new Blob(TestSquares.Ns(1), new byte[Share.MaxBlobLength]);
        var error = Assert.Throws<InvalidSquareException>(() => DataSquare.FromBlobs([big, new Blob(TestSquares.Ns(2), [1])]));
        Assert.Equal(SquareError.TooLarge, error.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(32)]
    public void Parity_quadrant_is_consistent_both_ways(int k)
    {
        var (_, extended, _) = TestSquares.Build(k, 3);
        var codec = new ReedSolomonCodec(k, Share.Size);
        var width = 2 * k;
        var parity = new byte[k * Share.Size];
        // Every row (the bottom ones extend column parity) and every column is a codeword.
        for (var i = 0; i < width; i++)
        {
            var row = extended.Bytes.Slice(i * width * Share.Size, width * Share.Size);
            codec.Encode(row[..(k * Share.Size)], parity);
            Assert.True(parity.AsSpan().SequenceEqual(row[(k * Share.Size)..]), $"row {i}");
            var column = new byte[width * Share.Size];
            for (var r = 0; r < width; r++) extended.Share(r, i).CopyTo(column.AsSpan(r * Share.Size));
            codec.Encode(column.AsSpan(0, k * Share.Size), parity);
            Assert.True(parity.AsSpan().SequenceEqual(column.AsSpan(k * Share.Size)), $"column {i}");
        }
    }

    [Fact]
    public void Extension_is_the_same_on_every_instruction_set()
    {
        var square = DataSquare.FromBlobs(TestSquares.BlobsFor(8, 4));
        var reference = ExtendedSquare.Extend(square, GfIsa.Scalar).Bytes.ToArray();
        foreach (var isa in GfIsaSupport.Supported) Assert.True(reference.AsSpan().SequenceEqual(ExtendedSquare.Extend(square, isa).Bytes), isa.ToString());
    }
}
