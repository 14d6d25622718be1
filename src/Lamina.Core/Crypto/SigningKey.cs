using System.Security.Cryptography;
using NSec.Cryptography;

namespace Lamina.Core.Crypto;

/// <summary>
/// An Ed25519 private key held inside libsodium's guarded memory. Created from a 32-byte seed (RFC 8032's
/// private key) so that key files are portable and test vectors apply directly.
/// </summary>
public sealed class SigningKey : IDisposable
{
    public const int SeedSize = 32;
    private readonly Key _key;

    private SigningKey(Key key)
    {
        _key = key;
        Span<byte> raw = stackalloc byte[PublicKey.Size];
        _key.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(raw);
        PublicKey = new PublicKey(raw);
        Address = PublicKey.ToAddress();
    }

    public PublicKey PublicKey { get; }
    public Address Address { get; }

    public static SigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize) throw new ArgumentException($"an Ed25519 seed is {SeedSize} bytes, got {seed.Length}", nameof(seed));
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return new SigningKey(Key.Import(Ed25519.Algorithm, seed, KeyBlobFormat.RawPrivateKey, parameters));
    }

    /// <summary>A fresh key from the operating system's CSPRNG. Never used in consensus code paths.</summary>
    public static SigningKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedSize];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    public Signature Sign(ReadOnlySpan<byte> message)
    {
        Span<byte> sig = stackalloc byte[Signature.Size];
        Ed25519.Algorithm.Sign(_key, message, sig);
        return new Signature(sig);
    }

    public void Dispose() => _key.Dispose();
}
