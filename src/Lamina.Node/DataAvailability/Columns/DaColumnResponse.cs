using System.Numerics;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Shares;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// Peer channel <see cref="DaColumnChannel.RequestChannel"/>, response: version (1) ‖ status (u8, as
/// <see cref="DaShareStatus"/>) ‖ when served: has-header (bool) ‖ [data-availability header] ‖ share count (u16: 0
/// for none, else a power of two from 2 to 1,024, the header's width when both are sent) ‖ the column's shares, top to
/// bottom (count × 512). A served answer carries at least one of the two. Any other status carries nothing more. The
/// receiver checks the roots against the data root it trusts and the shares against the column root
/// (<see cref="DaColumnChannel.Verify"/>): a served answer is only a claim.
/// </summary>
public sealed class DaColumnResponse : ICanonical<DaColumnResponse>
{
    public const byte Version = 1;

    private DaColumnResponse(DaShareStatus status, DataAvailabilityHeader? header, byte[]? shares)
    {
        Status = status;
        Header = header;
        Shares = shares;
    }

    public DaShareStatus Status { get; }

    /// <summary>The square's row and column roots, when asked for.</summary>
    public DataAvailabilityHeader? Header { get; }

    /// <summary>The column's 2k shares, concatenated top to bottom, when asked for.</summary>
    public byte[]? Shares { get; }

    public static DaColumnResponse Served(DataAvailabilityHeader? header, byte[]? shares)
    {
        if (header is null && shares is null) throw new ArgumentException("a served answer carries the roots, the column or both");
        if (shares is not null)
        {
            var count = shares.Length / Share.Size;
            if (shares.Length % Share.Size != 0 || !ValidCount(count)) throw new ArgumentException($"a column is 2 to {DaShareRequest.MaxWidth} shares (a power of two), got {shares.Length} bytes", nameof(shares));
            if (header is not null && header.Width != count) throw new ArgumentException($"the header is {header.Width} wide but the column has {count} shares", nameof(shares));
        }
        return new(DaShareStatus.Served, header, shares);
    }

    public static DaColumnResponse Refused(DaShareStatus status)
        => status == DaShareStatus.Served ? throw new ArgumentException("a served answer carries something", nameof(status)) : new(status, null, null);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU8((byte)Status);
        if (Status != DaShareStatus.Served) return;
        writer.WriteBool(Header is not null);
        Header?.Encode(writer);
        writer.WriteU16((ushort)((Shares?.Length ?? 0) / Share.Size));
        if (Shares is not null) writer.WriteRaw(Shares);
    }

    public static DaColumnResponse Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "DA column response");
        var at = reader.Position;
        var status = reader.ReadU8("status");
        if (status > (byte)DaShareStatus.NotStored) throw new CodecException(CodecError.InvalidValue, $"DA column status {status} is unknown", at);
        if (status != (byte)DaShareStatus.Served) return new DaColumnResponse((DaShareStatus)status, null, null);
        var header = reader.ReadBool("has header") ? DataAvailabilityHeader.Decode(ref reader) : null;
        at = reader.Position;
        var count = reader.ReadU16("share count");
        if (count == 0 && header is null) throw new CodecException(CodecError.InvalidValue, "a served answer carries neither roots nor a column", at);
        if (count != 0 && !ValidCount(count)) throw new CodecException(CodecError.InvalidValue, $"a column of {count} shares is not a power of two from 2 to {DaShareRequest.MaxWidth}", at);
        if (count != 0 && header is not null && header.Width != count) throw new CodecException(CodecError.InvalidValue, $"the header is {header.Width} wide but the column has {count} shares", at);
        var shares = count == 0 ? null : reader.ReadRaw(count * Share.Size, "column shares").ToArray();
        return new DaColumnResponse(DaShareStatus.Served, header, shares);
    }

    internal static bool ValidCount(int count) => count >= 2 && count <= DaShareRequest.MaxWidth && BitOperations.IsPow2(count);
}
