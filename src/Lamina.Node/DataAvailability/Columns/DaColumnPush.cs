using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// Peer channel <see cref="DaColumnChannel.PushChannel"/>: a DA node that rebuilt a square re-seeds the columns it
/// custodies (PeerDAS: a reconstructed column is published as if it had arrived from the network), so custodians of
/// the same columns that could not fetch them get them. Encoded as version (1) ‖ height (u64) ‖ data root (32) ‖
/// column (u16) ‖ share count (u16, a power of two from 2 to 1,024) ‖ the shares (count × 512). A receiver stores it
/// only when it custodies the column, lacks it, holds that square's roots, and the shares make the column root.
/// </summary>
public sealed record DaColumnPush(ulong Height, Hash256 DataRoot, int Column, byte[] Shares) : ICanonical<DaColumnPush>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteHash(DataRoot);
        writer.WriteU16(checked((ushort)Column));
        writer.WriteU16(checked((ushort)(Shares.Length / Share.Size)));
        writer.WriteRaw(Shares);
    }

    public static DaColumnPush Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "DA column push");
        var height = reader.ReadU64("height");
        var root = reader.ReadHash("data root");
        var at = reader.Position;
        var column = reader.ReadU16("column");
        var countAt = reader.Position;
        var count = reader.ReadU16("share count");
        if (!DaColumnResponse.ValidCount(count)) throw new CodecException(CodecError.InvalidValue, $"a column of {count} shares is not a power of two from 2 to {DaShareRequest.MaxWidth}", countAt);
        var shares = reader.ReadRaw(count * Share.Size, "column shares").ToArray();
        if (column >= shares.Length / Share.Size) throw new CodecException(CodecError.InvalidValue, $"column {column} is outside a {shares.Length / Share.Size}-wide square", at);
        return new DaColumnPush(height, root, column, shares);
    }
}
