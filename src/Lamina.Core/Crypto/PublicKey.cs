namespace Lamina.Core.Crypto;

/// <summary>A 32-byte Ed25519 public key (RFC 8032 encoding). Validity of the point is checked at verification.</summary>
public readonly struct PublicKey : IEquatable<PublicKey>
{
    public const int Size = 32;
    private readonly Hash256 _bytes; // same width as a hash: reuse its compact word layout

    public PublicKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"an Ed25519 public key is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = new Hash256(bytes);
    }

    public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);
    public byte[] ToArray() => _bytes.ToArray();
    public Address ToAddress() => Address.FromPublicKey(this);

    public static PublicKey Parse(string hex) => new(Hex.DecodeFixed(hex, Size, "public key"));

    public bool Equals(PublicKey other) => _bytes.Equals(other._bytes);
    public override bool Equals(object? obj) => obj is PublicKey k && Equals(k);
    public override int GetHashCode() => _bytes.GetHashCode();
    public static bool operator ==(PublicKey a, PublicKey b) => a.Equals(b);
    public static bool operator !=(PublicKey a, PublicKey b) => !a.Equals(b);
    public override string ToString() => _bytes.ToString();
}
