namespace Lamina.Network;

/// <summary>
/// Reads frames from a stream. The header is validated before the payload buffer exists, so the only allocation
/// a peer can cause is one it has been allowed by the channel table. With a <see cref="FrameCipher"/> (every
/// connection after its handshake) each frame is <c>header ‖ ciphertext ‖ tag</c> and is opened before it is returned.
/// </summary>
public sealed class FrameReader
{
    private readonly Stream _stream;
    private readonly ChannelLimits _limits;
    private readonly FrameCipher? _cipher;
    private readonly byte[] _header = new byte[FrameCodec.HeaderSize];
    private readonly byte[] _tag = new byte[FrameCipher.TagSize];

    /// <param name="cipher">Opens sealed frames; null only for the handshake's own (plaintext) Hello and Auth.</param>
    public FrameReader(Stream stream, ChannelLimits limits, FrameCipher? cipher = null)
    {
        _stream = stream;
        _limits = limits;
        _cipher = cipher;
    }

    /// <summary>
    /// The next frame, or null when the stream ends cleanly between frames. Throws <see cref="PeerProtocolException"/>
    /// for anything else the peer did wrong, including ending mid-frame and a frame that fails decryption.
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
        // Sealed, the frame is the channel's limit plus a fixed 16-byte tag, which goes into a buffer of its own: the
        // ciphertext lands in the payload array and is decrypted where it lies.
        var payload = new byte[length];
        got = await ReadAtLeastAsync(payload, cancellationToken).ConfigureAwait(false);
        if (got < length)
        {
            throw new PeerProtocolException(ProtocolViolation.TruncatedFrame, $"stream ended after {got} of {length} payload bytes");
        }
        if (_cipher is not null)
        {
            got = await ReadAtLeastAsync(_tag, cancellationToken).ConfigureAwait(false);
            if (got < FrameCipher.TagSize)
            {
                throw new PeerProtocolException(ProtocolViolation.TruncatedFrame, $"stream ended after {got} of {FrameCipher.TagSize} tag bytes");
            }
            _cipher.Open(_header, payload, _tag, payload);
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
