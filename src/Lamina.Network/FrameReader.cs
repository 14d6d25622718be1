namespace Lamina.Network;

/// <summary>
/// Reads frames from a stream. The header is validated before the payload buffer exists, so the only allocation
/// a peer can cause is one it has been allowed by the channel table.
/// </summary>
public sealed class FrameReader
{
    private readonly Stream _stream;
    private readonly ChannelLimits _limits;
    private readonly byte[] _header = new byte[FrameCodec.HeaderSize];

    public FrameReader(Stream stream, ChannelLimits limits)
    {
        _stream = stream;
        _limits = limits;
    }

    /// <summary>
    /// The next frame, or null when the stream ends cleanly between frames. Throws <see cref="PeerProtocolException"/>
    /// for anything else the peer did wrong, including ending mid-frame.
    /// </summary>
    public async ValueTask<Frame?> ReadAsync(CancellationToken cancellationToken)
    {
        var got = await ReadAtLeastAsync(_header, cancellationToken).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < FrameCodec.HeaderSize)
        {
            throw new PeerProtocolException(ProtocolViolation.TruncatedFrame, $"stream ended after {got} header bytes");
        }
        var length = FrameCodec.ParseHeader(_header, _limits, out var channel);
        var payload = new byte[length];
        got = await ReadAtLeastAsync(payload, cancellationToken).ConfigureAwait(false);
        if (got < length)
        {
            throw new PeerProtocolException(ProtocolViolation.TruncatedFrame, $"stream ended after {got} of {length} payload bytes");
        }
        return new Frame(channel, payload);
    }

    private async ValueTask<int> ReadAtLeastAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
