using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// The first message each side sends. The nonce is the challenge the other side must sign, so an Auth can never
/// be replayed from an earlier connection.
/// </summary>
public sealed record Hello(ushort Version, string ChainId, PublicKey NodeKey, ushort ListenPort, ReadOnlyMemory<byte> Nonce)
{
    public const int NonceSize = 32;

    /// <summary>Matches the L1 genesis rule for chain ids (1..32 printable ASCII).</summary>
    public const int MaxChainIdLength = 32;

    /// <summary>Encoding: u8 type(1) ‖ u16 version ‖ u32-prefixed ASCII chain id ‖ 32-byte key ‖ u16 port ‖ 32-byte nonce.</summary>
    public byte[] Encode()
    {
        if (Nonce.Length != NonceSize) throw new ArgumentException($"a Hello nonce is {NonceSize} bytes");
        if (ChainId.Length is 0 or > MaxChainIdLength) throw new ArgumentException($"a chain id is 1..{MaxChainIdLength} characters");
        var w = new CanonicalWriter(128);
        w.WriteU8((byte)ControlMessageType.Hello);
        w.WriteU16(Version);
        w.WriteAscii(ChainId);
        w.WritePublicKey(NodeKey);
        w.WriteU16(ListenPort);
        w.WriteRaw(Nonce.Span);
        return w.ToArray();
    }

    /// <summary>Decodes a channel-0 payload; anything but a well-formed Hello is a <see cref="PeerProtocolException"/>.</summary>
    public static Hello Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            var r = new CanonicalReader(payload);
            var type = r.ReadU8("control type");
            if (type != (byte)ControlMessageType.Hello)
            {
                throw new PeerProtocolException(ProtocolViolation.UnexpectedMessage, $"expected Hello, got control message {type}");
            }
            var version = r.ReadU16("version");
            var chainId = r.ReadAscii(MaxChainIdLength, "chain id");
            if (chainId.Length == 0) throw new PeerProtocolException(ProtocolViolation.MalformedMessage, "empty chain id");
            var key = r.ReadPublicKey("node key");
            var port = r.ReadU16("listen port");
            var nonce = r.ReadRaw(NonceSize, "nonce").ToArray();
            r.EnsureEnd("Hello");
            return new Hello(version, chainId, key, port, nonce);
        }
        catch (CodecException e)
        {
            throw new PeerProtocolException(ProtocolViolation.MalformedMessage, $"Hello: {e.Message}", e);
        }
    }
}
