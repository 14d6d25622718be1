using Lamina.Core.Codec;
using Lamina.DataAvailability;

namespace Lamina.Node.DataAvailability;

/// <summary>What a DA node answers a <see cref="DaShareRequest"/> with.</summary>
public enum DaShareStatus : byte
{
    Served = 0,
    NotCustodied = 1,
    Pruned = 2,
    NotStored = 3,
}

/// <summary>
/// Peer channel <see cref="DaShareServer.Channel"/>, response: version (1) ‖ status (u8) ‖ when served: share (512) ‖
/// column share proof. Any other status carries nothing more. An unknown status is <see cref="CodecError.InvalidValue"/>.
/// The receiver still checks the proof against a data root it trusts: a served answer is only a claim.
/// </summary>
public sealed class DaShareResponse : ICanonical<DaShareResponse>
{
    public const byte Version = 1;

    private DaShareResponse(DaShareStatus status, byte[]? share, ColumnShareProof? proof)
    {
        Status = status;
        Share = share;
        Proof = proof;
    }

    public DaShareStatus Status { get; }
    public byte[]? Share { get; }
    public ColumnShareProof? Proof { get; }

    public static DaShareResponse Served(ReadOnlySpan<byte> share, ColumnShareProof proof)
    {
        if (share.Length != Lamina.DataAvailability.Shares.Share.Size) throw new ArgumentException($"a share is {Lamina.DataAvailability.Shares.Share.Size} bytes", nameof(share));
        return new(DaShareStatus.Served, share.ToArray(), proof);
    }

    public static DaShareResponse Refused(DaShareStatus status)
        => status == DaShareStatus.Served ? throw new ArgumentException("a served answer carries a share", nameof(status)) : new(status, null, null);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU8((byte)Status);
        if (Status != DaShareStatus.Served) return;
        writer.WriteRaw(Share!);
        Proof!.Encode(writer);
    }

    public static DaShareResponse Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "DA share response");
        var at = reader.Position;
        var status = reader.ReadU8("status");
        if (status > (byte)DaShareStatus.NotStored) throw new CodecException(CodecError.InvalidValue, $"DA share status {status} is unknown", at);
        if (status != (byte)DaShareStatus.Served) return new DaShareResponse((DaShareStatus)status, null, null);
        var share = reader.ReadRaw(Lamina.DataAvailability.Shares.Share.Size, "share").ToArray();
        return new DaShareResponse(DaShareStatus.Served, share, ColumnShareProof.Decode(ref reader));
    }
}
