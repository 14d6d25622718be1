using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>What a <see cref="DaColumnRequest"/> asks for: bit 0 the column's shares, bit 1 the square's row and column roots.</summary>
[Flags]
public enum DaColumnParts : byte
{
    Shares = 1,
    Header = 2,
}

/// <summary>
/// Peer channel <see cref="DaColumnChannel.RequestChannel"/>, request: "send me column <see cref="Column"/> (and/or the
/// row and column roots) of the extended square whose data root is <see cref="DataRoot"/>, at <see cref="Height"/>".
/// Naming the data root lets a server refuse a square it does not hold (another fork's block) rather than serve the
/// wrong one. Encoded as version (1) ‖ height (u64) ‖ data root (32) ‖ column (u16, below 1,024) ‖ parts (u8: 1
/// shares, 2 header, 3 both; anything else is <see cref="CodecError.InvalidValue"/>).
/// </summary>
public sealed record DaColumnRequest(ulong Height, Hash256 DataRoot, int Column, DaColumnParts Parts) : ICanonical<DaColumnRequest>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteHash(DataRoot);
        writer.WriteU16(checked((ushort)Column));
        writer.WriteU8((byte)Parts);
    }

    public static DaColumnRequest Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "DA column request");
        var height = reader.ReadU64("height");
        var root = reader.ReadHash("data root");
        var at = reader.Position;
        var column = reader.ReadU16("column");
        if (column >= DaShareRequest.MaxWidth) throw new CodecException(CodecError.InvalidValue, $"column {column} is outside any square (at most {DaShareRequest.MaxWidth} wide)", at);
        at = reader.Position;
        var parts = reader.ReadU8("parts");
        if (parts is 0 or > 3) throw new CodecException(CodecError.InvalidValue, $"parts {parts} asks for nothing known (1 shares, 2 header, 3 both)", at);
        return new DaColumnRequest(height, root, column, (DaColumnParts)parts);
    }
}
