namespace Lamina.Network;

/// <summary>
/// The channel table: which channels exist and the largest payload each accepts. A frame header is checked against
/// this table before its payload is allocated, so a hostile length costs the receiver nothing.
/// </summary>
public sealed class ChannelLimits
{
    public const int KiB = 1024;
    public const int MiB = 1024 * 1024;

    /// <summary>Hello and Auth are well under this; the cap keeps an unauthenticated peer from sending much at all.</summary>
    public const int ControlLimit = 256;

    /// <summary>Hard ceiling for any channel, so a misconfigured table cannot ask for gigabyte buffers.</summary>
    public const int AbsoluteMax = 64 * MiB;

    private readonly int[] _max = new int[256]; // 0 = channel unknown

    public ChannelLimits()
    {
        _max[ChannelIds.Control] = ControlLimit;
    }

    /// <summary>The suggested table: small limits for votes and transactions, large for block parts and sync.</summary>
    public static ChannelLimits Default()
    {
        var limits = new ChannelLimits();
        // A transaction's network form is up to L1's Transaction.MaxEncodedSize (512 KiB: a ZK batch with its proof and
        // pubdata); the envelope is a few bytes.
        limits.Set(ChannelIds.Transactions, 513 * KiB);
        limits.Set(ChannelIds.BlockParts, 4 * MiB);
        limits.Set(ChannelIds.Votes, 64 * KiB);
        limits.Set(ChannelIds.Evidence, 1 * MiB);
        // A sync response carries a batch of blocks with commits; the request/response envelope adds 9 bytes.
        limits.Set(ChannelIds.BlockSync, 8 * MiB);
        // A block's blob sidecars: at most 786,432 blob bytes at the default limit, plus their headers.
        limits.Set(ChannelIds.BlobSidecars, 1 * MiB);
        limits.Set(ChannelIds.BlobSidecarRequests, 1 * MiB);
        // A bad-encoding proof: 2k shares with their NMT proofs and the 4k roots, about 4.4 MiB at k = 512.
        limits.Set(ChannelIds.BadEncodingProofs, 6 * MiB);
        return limits;
    }

    /// <summary>Adds or changes an application channel. Channel 0 belongs to the network.</summary>
    public ChannelLimits Set(byte channel, int maxPayload)
    {
        if (channel == ChannelIds.Control) throw new ArgumentException("channel 0 is reserved for network control messages", nameof(channel));
        if (maxPayload < 1 || maxPayload > AbsoluteMax)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPayload), $"a channel's limit must be 1..{AbsoluteMax} bytes");
        }
        _max[channel] = maxPayload;
        return this;
    }

    public bool IsKnown(byte channel) => _max[channel] != 0;

    /// <summary>The largest payload <paramref name="channel"/> accepts, or 0 if the channel is unknown.</summary>
    public int MaxPayload(byte channel) => _max[channel];
}
