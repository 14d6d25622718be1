using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Node.Hosting;

namespace Lamina.Node.Tests.Hosting;

/// <summary>
/// The role announcement every node sends its peers (channel 38): golden bytes written out field by field, one
/// encoding per role set, and every malformed form refused with a typed <see cref="CodecException"/>.
/// </summary>
public sealed class NodeRolesMessageTests
{
    // version 01 ‖ count 01 ‖ u32 length 2 ‖ "da"
    private const string DaOnly = "01" + "01" + "00000002" + "6461";

    // version 01 ‖ count 02 ‖ u32 length 2 ‖ "da" ‖ u32 length 9 ‖ "validator"
    private const string DaAndValidator = "01" + "02" + "00000002" + "6461" + "00000009" + "76616c696461746f72";

    [Fact]
    public void Golden_vectors()
    {
        Assert.Equal(DaOnly, Hex.Encode(Canonical.Encode(NodeRolesMessage.Of(["da"])), prefix: false));
        Assert.Equal(DaAndValidator, Hex.Encode(Canonical.Encode(NodeRolesMessage.Of(["validator", "da", "da"])), prefix: false));
        Assert.Equal(["da", "validator"], Canonical.Decode<NodeRolesMessage>(Hex.Decode(DaAndValidator)).Roles);
    }

    [Theory]
    [InlineData("02" + "01" + "00000002" + "6461", CodecError.UnknownVersion)] // version 2
    [InlineData("01" + "00", CodecError.InvalidValue)] // no role
    [InlineData("01" + "11", CodecError.Oversize)] // 17 roles
    [InlineData("01" + "02" + "00000009" + "76616c696461746f72" + "00000002" + "6461", CodecError.NonCanonical)] // not ascending
    [InlineData("01" + "02" + "00000002" + "6461" + "00000002" + "6461", CodecError.NonCanonical)] // duplicate
    [InlineData("01" + "01" + "00000002" + "4441", CodecError.InvalidValue)] // "DA": upper case
    [InlineData("01" + "01" + "00000000", CodecError.InvalidValue)] // empty role
    [InlineData("01" + "01" + "00000021" + "6161616161616161616161616161616161616161616161616161616161616161" + "61", CodecError.Oversize)] // 33 bytes
    [InlineData("01" + "01" + "00000002" + "64", CodecError.Truncated)]
    [InlineData(DaOnly + "00", CodecError.TrailingBytes)]
    public void Malformed_announcements_are_refused_typed(string hex, CodecError expected)
        => Assert.Equal(expected, Assert.Throws<CodecException>(() => Canonical.Decode<NodeRolesMessage>(Hex.Decode(hex))).Error);

    [Fact]
    public void Only_canonical_sets_encode()
    {
        Assert.Throws<ArgumentException>(() => Canonical.Encode(new NodeRolesMessage(["validator", "da"])));
        Assert.Throws<ArgumentException>(() => Canonical.Encode(new NodeRolesMessage([])));
        Assert.Throws<ArgumentException>(() => Canonical.Encode(NodeRolesMessage.Of(["Da"])));
    }
}
