using System.Buffers.Binary;

namespace Lamina.Network;

/// <summary>
/// Payload layout on a request/response channel: <c>[u8 kind][u64 request id][body]</c>. Ids are chosen by the
/// requester and only need to be unique among its own outstanding requests.
/// </summary>
public static class RequestEnvelope
{
    public const int HeaderSize = 9;

    public enum Kind : byte
    {
        Request = 0,
        Response = 1,
        /// <summary>The server could not answer (handler failed or its answer was too large); the body is empty.</summary>
        Error = 2,
    }

    public static byte[] Encode(Kind kind, ulong id, ReadOnlySpan<byte> body)
    {
        var payload = new byte[HeaderSize + body.Length];
        payload[0] = (byte)kind;
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(1), id);
        body.CopyTo(payload.AsSpan(HeaderSize));
        return payload;
    }

    public static (Kind Kind, ulong Id, ReadOnlyMemory<byte> Body) Decode(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        if (span.Length < HeaderSize) throw new PeerProtocolException(ProtocolViolation.MalformedMessage, $"request envelope of {span.Length} bytes is shorter than its {HeaderSize}-byte header");
        var kind = span[0];
        if (kind > (byte)Kind.Error) throw new PeerProtocolException(ProtocolViolation.MalformedMessage, $"unknown request envelope kind {kind}");
        return ((Kind)kind, BinaryPrimitives.ReadUInt64BigEndian(span[1..]), payload[HeaderSize..]);
    }
}
