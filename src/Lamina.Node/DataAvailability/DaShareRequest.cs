using Lamina.Core.Codec;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Peer channel <see cref="DaShareServer.Channel"/>, request: "send me the share at (Row, Column) of block Height's
/// extended square, with its column proof". Encoded as version (1) ‖ height (u64) ‖ row (u16) ‖ column (u16); a
/// square is at most 1,024 wide, so a larger row or column is refused as <see cref="CodecError.InvalidValue"/>.
/// </summary>
public sealed record DaShareRequest(ulong Height, int Row, int Column) : ICanonical<DaShareRequest>
{
    public const byte Version = 1;
    public const int MaxWidth = 1_024;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteU16(checked((ushort)Row));
        writer.WriteU16(checked((ushort)Column));
    }

    public static DaShareRequest Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "DA share request");
        var height = reader.ReadU64("height");
        var at = reader.Position;
        var row = reader.ReadU16("row");
        var column = reader.ReadU16("column");
        if (row >= MaxWidth || column >= MaxWidth) throw new CodecException(CodecError.InvalidValue, $"({row}, {column}) is outside any square (at most {MaxWidth} wide)", at);
        return new DaShareRequest(height, row, column);
    }
}
