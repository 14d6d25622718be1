using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// What a DA node keeps about one block's square beside its custody columns: the block's height and hash and the
/// square's row and column roots (whose root is the header's data root). Encoded as version (1) ‖ height (u64) ‖
/// block hash ‖ data-availability header.
/// </summary>
public sealed record DaSquareRecord(ulong Height, Hash256 BlockHash, DataAvailabilityHeader Header) : ICanonical<DaSquareRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteHash(BlockHash);
        Header.Encode(writer);
    }

    public static DaSquareRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "DA square record");
        var at = reader.Position;
        var height = reader.ReadU64("height");
        if (height == 0) throw new CodecException(CodecError.InvalidValue, "the genesis block carries no square", at);
        var hash = reader.ReadHash("block hash");
        return new DaSquareRecord(height, hash, DataAvailabilityHeader.Decode(ref reader));
    }
}
