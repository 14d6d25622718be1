using System.Buffers.Binary;

namespace Lamina.Network;

/// <summary>
/// The wire frame: <c>[u32 big-endian payload length][u8 channel][payload]</c>. Big-endian like the rest of the
/// canonical codec; the length counts the payload only, so the 5-byte header is fixed and can be validated alone.
/// </summary>
public static class FrameCodec
{
    public const int HeaderSize = 5;

    /// <summary>Header and payload in one array, so a broadcast encodes once and every peer's queue shares it.</summary>
    public static byte[] Encode(byte channel, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        frame[4] = channel;
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>
    /// Checks a header against the channel table and returns the payload length. Throws
    /// <see cref="PeerProtocolException"/> for an unknown channel, an empty payload or a payload over the channel's limit.
    /// </summary>
    public static int ParseHeader(ReadOnlySpan<byte> header, ChannelLimits limits, out byte channel)
    {
        if (header.Length < HeaderSize) throw new ArgumentException($"a frame header is {HeaderSize} bytes", nameof(header));
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        channel = header[4];
        var max = limits.MaxPayload(channel);
        if (max == 0) throw new PeerProtocolException(ProtocolViolation.UnknownChannel, $"channel {channel} is not in the channel table");
        if (length == 0) throw new PeerProtocolException(ProtocolViolation.EmptyFrame, $"empty frame on channel {channel}");
        if (length > (uint)max)
        {
            throw new PeerProtocolException(ProtocolViolation.OversizeFrame, $"frame of {length} bytes on channel {channel}, the limit is {max}");
        }
        return (int)length;
    }

    /// <summary>Checks an outgoing payload against the same table the receiver uses, so we never send what a peer must refuse.</summary>
    public static void CheckOutgoing(byte channel, int payloadLength, ChannelLimits limits)
    {
        var max = limits.MaxPayload(channel);
        if (max == 0) throw new ArgumentException($"channel {channel} is not in the channel table", nameof(channel));
        if (payloadLength == 0) throw new ArgumentException("payloads are at least one byte", nameof(payloadLength));
        if (payloadLength > max) throw new ArgumentException($"payload of {payloadLength} bytes exceeds channel {channel}'s limit of {max}", nameof(payloadLength));
    }
}
