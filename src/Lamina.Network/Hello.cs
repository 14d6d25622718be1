using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// The first message each side sends. The nonce is the challenge the other side must sign, so an Auth can never
/// be replayed from an earlier connection; the ephemeral X25519 key is this connection's half of the key exchange
/// that encrypts everything after the handshake.
/// </summary>
public sealed record Hello(ushort Version, string ChainId, PublicKey NodeKey, ushort ListenPort, ReadOnlyMemory<byte> Nonce, ReadOnlyMemory<byte> EphemeralKey)
{
    public const int NonceSize = 32;

    /// <summary>Matches the L1 genesis rule for chain ids (1..32 printable ASCII).</summary>
    public const int MaxChainIdLength = 32;

    /// <summary>
    /// Encoding: u8 type(1) ‖ u16 version ‖ u32-prefixed ASCII chain id ‖ 32-byte key ‖ u16 port ‖ 32-byte nonce ‖
    /// 32-byte ephemeral X25519 key.
    /// </summary>
    public byte[] Encode()
    {
        if (Nonce.Length != NonceSize) throw new ArgumentException($"a Hello nonce is {NonceSize} bytes");
        if (ChainId.Length is 0 or > MaxChainIdLength) throw new ArgumentException($"a chain id is 1..{MaxChainIdLength} characters");
        if (!EphemeralKeyExchange.IsCanonical(EphemeralKey.Span)) throw new ArgumentException($"an ephemeral key is a canonical {EphemeralKeyExchange.KeySize}-byte X25519 key");
        var w = new CanonicalWriter(160);
        w.WriteU8((byte)ControlMessageType.Hello);
        w.WriteU16(Version);
        w.WriteAscii(ChainId);
        w.WritePublicKey(NodeKey);
        w.WriteU16(ListenPort);
        w.WriteRaw(Nonce.Span);
        w.WriteRaw(EphemeralKey.Span);
        return w.ToArray();
    }

    /// <summary>
    /// Decodes a channel-0 payload; anything but a well-formed Hello of <see cref="Handshake.ProtocolVersion"/> is a
    /// <see cref="PeerProtocolException"/>. The version is checked before the rest, because another version may lay
    /// the rest out differently: an honest node of another version is then told <c>UnsupportedVersion</c> (free),
    /// not <c>MalformedMessage</c> (scored).
    /// </summary>
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
            if (version != Handshake.ProtocolVersion)
            {
                throw new PeerProtocolException(ProtocolViolation.UnsupportedVersion, $"peer speaks version {version}, we speak {Handshake.ProtocolVersion}");
            }
            var chainId = r.ReadAscii(MaxChainIdLength, "chain id");
            if (chainId.Length == 0) throw new PeerProtocolException(ProtocolViolation.MalformedMessage, "empty chain id");
            var key = r.ReadPublicKey("node key");
            var port = r.ReadU16("listen port");
            var nonce = r.ReadRaw(NonceSize, "nonce").ToArray();
            var ephemeral = r.ReadRaw(EphemeralKeyExchange.KeySize, "ephemeral key").ToArray();
            r.EnsureEnd("Hello");
            // X25519 would mask the top bit and reduce mod p, so two encodings could name one key; only one is accepted.
            if (!EphemeralKeyExchange.IsCanonical(ephemeral)) throw new PeerProtocolException(ProtocolViolation.MalformedMessage, "non-canonical ephemeral key");
            return new Hello(version, chainId, key, port, nonce, ephemeral);
        }
        catch (CodecException e)
        {
            throw new PeerProtocolException(ProtocolViolation.MalformedMessage, $"the Hello message is malformed: {e.Message}", e);
        }
    }
}
