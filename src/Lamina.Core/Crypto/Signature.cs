namespace Lamina.Core.Crypto;

/// <summary>A 64-byte Ed25519 signature.</summary>
public readonly struct Signature : IEquatable<Signature>
{
    public const int Size = 64;
    private readonly Hash256 _r, _s;

    public Signature(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"an Ed25519 signature is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _r = new Hash256(bytes[..32]);
        _s = new Hash256(bytes[32..]);
    }

    public void CopyTo(Span<byte> destination)
    {
        _r.CopyTo(destination);
        _s.CopyTo(destination[32..]);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public static Signature Parse(string hex) => new(Hex.DecodeFixed(hex, Size, "signature"));

    public bool Equals(Signature other) => _r.Equals(other._r) && _s.Equals(other._s);
    public override bool Equals(object? obj) => obj is Signature s && Equals(s);
    public override int GetHashCode() => HashCode.Combine(_r, _s);
    public static bool operator ==(Signature a, Signature b) => a.Equals(b);
    public static bool operator !=(Signature a, Signature b) => !a.Equals(b);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Hex.Encode(bytes);
    }
}
