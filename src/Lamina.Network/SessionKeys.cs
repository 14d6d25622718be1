using System.Security.Cryptography;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// The pure steps of the key schedule: the transcript both Auths sign, and the two directional keys HKDF derives from
/// the X25519 shared secret. The handshake has no initiator, so both are ordered by the ephemeral keys, which each
/// side sees identically.
/// </summary>
public static class SessionKeys
{
    public const int KeySize = 32;

    /// <summary>HKDF's info string; the version is in it so a future schedule can never derive the same keys.</summary>
    public static ReadOnlySpan<byte> KdfInfo => "lamina/p2p/session-keys/v2"u8;

    /// <summary>
    /// H("lamina/p2p/transcript" ‖ u32 len ‖ Hello_lo ‖ u32 len ‖ Hello_hi): both Hellos as sent, the one whose
    /// ephemeral key is smaller (bytewise) first. It covers both nonces, both node keys and both ephemeral keys, so a
    /// signature over it proves the signer saw exactly this exchange.
    /// </summary>
    public static Hash256 TranscriptHash(ReadOnlySpan<byte> ourHello, ReadOnlySpan<byte> ourEphemeral, ReadOnlySpan<byte> theirHello, ReadOnlySpan<byte> theirEphemeral)
    {
        var ourFirst = ourEphemeral.SequenceCompareTo(theirEphemeral) < 0;
        var w = new CanonicalWriter(8 + ourHello.Length + theirHello.Length);
        w.WriteBytes(ourFirst ? ourHello : theirHello);
        w.WriteBytes(ourFirst ? theirHello : ourHello);
        return DomainHasher.Hash(NetworkDomains.Transcript, w.WrittenSpan);
    }

    /// <summary>
    /// HKDF-SHA256(ikm = shared secret, salt = transcript hash, info = <see cref="KdfInfo"/>) → 64 bytes: the first 32
    /// key what the side with the smaller ephemeral key sends, the last 32 what the other side sends. Two keys, not
    /// one: with a single key a frame could be reflected back to its sender and still open.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> sharedSecret, Hash256 transcript, ReadOnlySpan<byte> ourEphemeral, ReadOnlySpan<byte> theirEphemeral,
        Span<byte> sendKey, Span<byte> receiveKey)
    {
        if (sendKey.Length != KeySize || receiveKey.Length != KeySize) throw new ArgumentException($"session keys are {KeySize} bytes");
        var order = ourEphemeral.SequenceCompareTo(theirEphemeral);
        if (order == 0) throw new ArgumentException("both sides chose the same ephemeral key");
        Span<byte> salt = stackalloc byte[Hash256.Size];
        transcript.CopyTo(salt);
        Span<byte> okm = stackalloc byte[2 * KeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, okm, salt, KdfInfo);
            var lowSends = okm[..KeySize];
            var highSends = okm[KeySize..];
            (order < 0 ? lowSends : highSends).CopyTo(sendKey);
            (order < 0 ? highSends : lowSends).CopyTo(receiveKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }
}
