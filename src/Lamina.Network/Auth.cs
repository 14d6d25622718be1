using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// Proof of key possession: a signature over H("lamina/p2p/handshake" ‖ chain id ‖ the peer's nonce ‖ own key).
/// Signing the peer's fresh nonce defeats replay; including the chain id and own key stops an Auth from one chain or
/// one identity being reused for another.
/// </summary>
public sealed record Auth(Signature Signature)
{
    public byte[] Encode()
    {
        var w = new CanonicalWriter(1 + Signature.Size);
        w.WriteU8((byte)ControlMessageType.Auth);
        w.WriteSignature(Signature);
        return w.ToArray();
    }

    public static Auth Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            var r = new CanonicalReader(payload);
            var type = r.ReadU8("control type");
            if (type != (byte)ControlMessageType.Auth)
            {
                throw new PeerProtocolException(ProtocolViolation.UnexpectedMessage, $"expected Auth, got control message {type}");
            }
            var signature = r.ReadSignature("auth signature");
            r.EnsureEnd("Auth");
            return new Auth(signature);
        }
        catch (CodecException e)
        {
            throw new PeerProtocolException(ProtocolViolation.MalformedMessage, $"Auth: {e.Message}", e);
        }
    }

    /// <summary>The digest a node signs: chain id as u32-prefixed ASCII so it cannot run into the nonce.</summary>
    public static Hash256 ChallengeDigest(string chainId, ReadOnlySpan<byte> peerNonce, PublicKey signerKey)
    {
        var w = new CanonicalWriter(40);
        w.WriteAscii(chainId);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        signerKey.CopyTo(key);
        return DomainHasher.Hash(NetworkDomains.Handshake, w.WrittenSpan, peerNonce, key);
    }

    public static Auth Create(SigningKey key, string chainId, ReadOnlySpan<byte> peerNonce)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        ChallengeDigest(chainId, peerNonce, key.PublicKey).CopyTo(digest);
        return new Auth(key.Sign(digest));
    }

    public bool Verify(string chainId, ReadOnlySpan<byte> ownNonce, PublicKey signerKey)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        ChallengeDigest(chainId, ownNonce, signerKey).CopyTo(digest);
        return Ed25519.Verify(signerKey, digest, Signature);
    }
}
