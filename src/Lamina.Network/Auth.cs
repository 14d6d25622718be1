using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// Proof of key possession, bound to this handshake: a signature over H("lamina/p2p/handshake" ‖ transcript hash ‖
/// own key), where the transcript is both Hellos (<see cref="SessionKeys.TranscriptHash"/>). The peer's fresh nonce in
/// it defeats replay; the chain id and own key stop an Auth from one chain or identity being reused for another; the
/// two ephemeral keys in it mean a man in the middle who swaps them is caught, since the Auths no longer verify.
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
            throw new PeerProtocolException(ProtocolViolation.MalformedMessage, $"the Auth message is malformed: {e.Message}", e);
        }
    }

    /// <summary>
    /// The digest a node signs: H("lamina/p2p/handshake" ‖ transcript hash ‖ own key). The transcript (both Hellos)
    /// carries the chain id, both nonces and both ephemeral keys, so the signature covers all of them.
    /// </summary>
    public static Hash256 ChallengeDigest(Hash256 transcript, PublicKey signerKey)
    {
        Span<byte> th = stackalloc byte[Hash256.Size];
        transcript.CopyTo(th);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        signerKey.CopyTo(key);
        return DomainHasher.Hash(NetworkDomains.Handshake, th, key);
    }

    public static Auth Create(SigningKey key, Hash256 transcript)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        ChallengeDigest(transcript, key.PublicKey).CopyTo(digest);
        return new Auth(key.Sign(digest));
    }

    public bool Verify(Hash256 transcript, PublicKey signerKey)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        ChallengeDigest(transcript, signerKey).CopyTo(digest);
        return Ed25519.Verify(signerKey, digest, Signature);
    }
}
