using NSec.Cryptography;

namespace Lamina.Network;

/// <summary>
/// One connection's X25519 key pair (libsodium through NSec). It lives only for the handshake and is disposed with
/// it, so the session keys cannot be recomputed from anything a node keeps.
/// </summary>
internal sealed class EphemeralKeyExchange : IDisposable
{
    public const int KeySize = 32;

    private static readonly KeyAgreementAlgorithm X25519 = KeyAgreementAlgorithm.X25519;

    private readonly Key _key;

    private EphemeralKeyExchange(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>A fresh key pair from the system's randomness.</summary>
    public static EphemeralKeyExchange Create() => new(Key.Create(X25519));

    /// <summary>A fixed key pair, for golden vectors only.</summary>
    internal static EphemeralKeyExchange FromPrivateKey(ReadOnlySpan<byte> privateKey) => new(Key.Import(X25519, privateKey, KeyBlobFormat.RawPrivateKey));

    /// <summary>Our public key, as it goes into the Hello.</summary>
    public byte[] PublicKey { get; }

    /// <summary>
    /// X25519 with the peer's public key into <paramref name="sharedSecret"/> (32 bytes). False when the peer's key is
    /// a low-order point: the result would be all zeros whatever our key, i.e. known to an attacker.
    /// </summary>
    public bool TryAgree(ReadOnlySpan<byte> theirPublicKey, Span<byte> sharedSecret)
    {
        if (!NSec.Cryptography.PublicKey.TryImport(X25519, theirPublicKey, KeyBlobFormat.RawPublicKey, out var theirs) || theirs is null) return false;
        // The shared secret only ever feeds HKDF, which needs its bytes.
        using var secret = X25519.Agree(_key, theirs, new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        if (secret is null) return false;
        return secret.TryExport(SharedSecretBlobFormat.RawSharedSecret, sharedSecret, out var written) && written == KeySize;
    }

    /// <summary>
    /// The one encoding of a key: the top bit clear and the value below p = 2^255 − 19 (little-endian). X25519 itself
    /// would silently mask and reduce the other encodings, so without this one key could travel in several forms.
    /// </summary>
    public static bool IsCanonical(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize || key[31] > 0x7f) return false;
        if (key[31] != 0x7f || key[0] < 0xed) return true;
        foreach (var b in key[1..31])
        {
            if (b != 0xff) return true;
        }
        return false; // p ≤ value < 2^255
    }

    public void Dispose() => _key.Dispose();
}
