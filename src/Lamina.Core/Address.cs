using System.Buffers.Binary;
using Lamina.Core.Crypto;

namespace Lamina.Core;

/// <summary>
/// A 20-byte account address: the first 20 bytes of SHA-256("address" domain ‖ Ed25519 public key).
/// The domain tag keeps an address from ever colliding with any other hash use.
/// </summary>
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    public const int Size = 20;
    public static readonly Address Zero;

    private readonly ulong _w0, _w1;
    private readonly uint _w2;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"an address is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    public static Address FromPublicKey(PublicKey key)
    {
        Span<byte> raw = stackalloc byte[PublicKey.Size];
        key.CopyTo(raw);
        var digest = DomainHasher.Hash(DomainTags.Address, raw);
        Span<byte> full = stackalloc byte[Hash256.Size];
        digest.CopyTo(full);
        return new Address(full[..Size]);
    }

    public bool IsZero => (_w0 | _w1 | _w2) == 0;

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"destination needs {Size} bytes", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _w2);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public static Address Parse(string hex) => new(Hex.DecodeFixed(hex, Size, "address"));

    public static bool TryParse(string? hex, out Address address)
    {
        address = default;
        if (hex is null) return false;
        try
        {
            address = Parse(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public bool Equals(Address other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2;
    public override bool Equals(object? obj) => obj is Address a && Equals(a);
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2);

    public int CompareTo(Address other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0) return c;
        c = _w1.CompareTo(other._w1);
        return c != 0 ? c : _w2.CompareTo(other._w2);
    }

    public static bool operator ==(Address a, Address b) => a.Equals(b);
    public static bool operator !=(Address a, Address b) => !a.Equals(b);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Hex.Encode(bytes);
    }
}
