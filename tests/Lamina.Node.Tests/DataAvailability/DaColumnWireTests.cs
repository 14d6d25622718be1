using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// The column channels' encodings (request and response on channel 36, re-seeded columns on 37): byte vectors written
/// out field by field, the roots part built from the DA codec's golden data-availability header (whose bytes
/// GoldenVectorTests pins), and the typed refusals of every malformed form.
/// </summary>
public sealed class DaColumnWireTests
{
    /// <summary>The golden square's data root, from the DA codec's vectors (tests/Lamina.DataAvailability.Tests/GoldenVectorTests.cs).</summary>
    private const string GoldenDataRoot = "58c0cc510adc4978eb04c2747e192b4b15ba82f5879fb88d6c30297d9fcf7699";

    private static readonly string Root11 = string.Concat(Enumerable.Repeat("11", 32));

    // The golden k = 1 square of the DA codec's vectors (golden/gen_vectors.py): one share of namespace 1, "0a 00 01 … 09".
    private static ExtendedSquare GoldenSquare()
    {
        var id = new byte[Namespace.IdSize];
        id[^1] = 1;
        return ExtendedSquare.Extend(DataSquare.FromBlobs([new Blob(Namespace.User(id), [.. Enumerable.Range(0, 10).Select(i => (byte)i)])]), GfIsa.Scalar);
    }

    private static string ColumnHex(ExtendedSquare square, int column)
        => string.Concat(Enumerable.Range(0, square.Width).Select(row => Convert.ToHexStringLower(square.Share(row, column))));

    [Fact]
    public void Requests_match_their_vectors_and_malformed_ones_are_refused_typed()
    {
        var root = new Hash256(Convert.FromHexString(Root11));
        Assert.Equal("01" + "0000000000000007" + Root11 + "0005" + "03", Convert.ToHexStringLower(Canonical.Encode(new DaColumnRequest(7, root, 5, DaColumnParts.Shares | DaColumnParts.Header))));
        Assert.Equal("01" + "0000000000000001" + Root11 + "03ff" + "02", Convert.ToHexStringLower(Canonical.Encode(new DaColumnRequest(1, root, 1023, DaColumnParts.Header))));

        var valid = "01" + "0000000000000007" + Root11 + "0005" + "01";
        Assert.Equal(new DaColumnRequest(7, root, 5, DaColumnParts.Shares), Canonical.Decode<DaColumnRequest>(Convert.FromHexString(valid)));
        Assert.Equal(CodecError.UnknownVersion, Refusal<DaColumnRequest>("02" + valid[2..]));
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnRequest>("01" + "0000000000000007" + Root11 + "0400" + "01"));
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnRequest>(valid[..^2] + "00"));
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnRequest>(valid[..^2] + "04"));
        Assert.Equal(CodecError.Truncated, Refusal<DaColumnRequest>(valid[..^2]));
        Assert.Equal(CodecError.TrailingBytes, Refusal<DaColumnRequest>(valid + "00"));
    }

    [Fact]
    public void Responses_match_their_vectors_and_malformed_ones_are_refused_typed()
    {
        var square = GoldenSquare();
        var header = square.ComputeHeader();
        var headerHex = Convert.ToHexStringLower(Canonical.Encode(header));
        var column = ColumnHex(square, 1);
        var shares = Convert.FromHexString(column);

        Assert.Equal("0101", Convert.ToHexStringLower(Canonical.Encode(DaColumnResponse.Refused(DaShareStatus.NotCustodied))));
        Assert.Equal("0103", Convert.ToHexStringLower(Canonical.Encode(DaColumnResponse.Refused(DaShareStatus.NotStored))));
        Assert.Equal("0100" + "00" + "0002" + column, Convert.ToHexStringLower(Canonical.Encode(DaColumnResponse.Served(null, shares))));
        Assert.Equal("0100" + "01" + headerHex + "0000", Convert.ToHexStringLower(Canonical.Encode(DaColumnResponse.Served(header, null))));
        var both = "0100" + "01" + headerHex + "0002" + column;
        Assert.Equal(both, Convert.ToHexStringLower(Canonical.Encode(DaColumnResponse.Served(header, shares))));
        var decoded = Canonical.Decode<DaColumnResponse>(Convert.FromHexString(both));
        Assert.Equal((DaShareStatus.Served, header.DataRoot), (decoded.Status, decoded.Header!.DataRoot));
        Assert.Equal(shares, decoded.Shares);
        DaColumnChannel.Verify(decoded.Header, header.DataRoot, 1, decoded.Shares);

        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnResponse>("0104"));
        Assert.Equal(CodecError.TrailingBytes, Refusal<DaColumnResponse>("010200"));
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnResponse>("0100" + "00" + "0000"));              // served, yet nothing
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnResponse>("0100" + "00" + "0003" + column));     // 3 shares: not a power of two
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnResponse>("0100" + "01" + headerHex + "0004" + column + column)); // wider than the roots
        Assert.Equal(CodecError.Truncated, Refusal<DaColumnResponse>(both[..^2]));
        Assert.Equal(CodecError.NonCanonical, Refusal<DaColumnResponse>("0100" + "02" + "0002" + column));     // a bool that is not 0 or 1
    }

    [Fact]
    public void Reseeded_columns_match_their_vector_refusals_are_typed_and_a_wrong_column_fails_its_root()
    {
        var square = GoldenSquare();
        var header = square.ComputeHeader();
        var column = ColumnHex(square, 1);
        var rootHex = Convert.ToHexStringLower(header.DataRoot.ToArray());
        Assert.Equal(GoldenDataRoot, rootHex);
        var push = "01" + "0000000000000003" + rootHex + "0001" + "0002" + column;
        Assert.Equal(push, Convert.ToHexStringLower(Canonical.Encode(new DaColumnPush(3, header.DataRoot, 1, Convert.FromHexString(column)))));
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnPush>("01" + "0000000000000003" + rootHex + "0002" + "0002" + column)); // column 2 of a 2-wide square
        Assert.Equal(CodecError.InvalidValue, Refusal<DaColumnPush>("01" + "0000000000000003" + rootHex + "0001" + "0000"));
        Assert.Equal(CodecError.Truncated, Refusal<DaColumnPush>(push[..^2]));

        var tampered = Convert.FromHexString(column);
        tampered[Share.Size + 40] ^= 1;
        Assert.Equal(DaColumnError.ColumnRootMismatch, Assert.Throws<DaColumnException>(() => DaColumnChannel.Verify(header, header.DataRoot, 1, tampered)).Error);
        DaColumnChannel.Verify(header, header.DataRoot, 1, Convert.FromHexString(column));
        Assert.Equal(DaColumnError.HeaderMismatch, Assert.Throws<DaColumnException>(() => DaColumnChannel.Verify(header, Hash256.Zero, 1, Convert.FromHexString(column))).Error);
        Assert.Equal(DaColumnError.WrongWidth, Assert.Throws<DaColumnException>(() => DaColumnChannel.Verify(header, header.DataRoot, 1, Convert.FromHexString(column + column))).Error);
    }

    private static CodecError Refusal<T>(string hex) where T : ICanonical<T> => Assert.Throws<CodecException>(() => Canonical.Decode<T>(Convert.FromHexString(hex))).Error;
}
