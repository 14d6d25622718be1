using NSec.Cryptography;

namespace Lamina.Core.Crypto;

/// <summary>Ed25519 (RFC 8032) signing and verification through libsodium, via NSec.</summary>
public static class Ed25519
{
    internal static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>
    /// True when <paramref name="signature"/> is a valid signature by <paramref name="key"/> over <paramref name="message"/>.
    /// A key that is not a valid curve point simply fails to verify.
    /// </summary>
    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        Span<byte> rawKey = stackalloc byte[PublicKey.Size];
        key.CopyTo(rawKey);
        if (!NSec.Cryptography.PublicKey.TryImport(Algorithm, rawKey, KeyBlobFormat.RawPublicKey, out var imported) || imported is null)
        {
            return false;
        }
        Span<byte> rawSig = stackalloc byte[Signature.Size];
        signature.CopyTo(rawSig);
        return Algorithm.Verify(imported, message, rawSig);
    }
}
