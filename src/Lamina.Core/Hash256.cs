using System.Buffers.Binary;

namespace Lamina.Core;

/// <summary>
/// A 32-byte SHA-256 digest. Held as four big-endian words so equality and ordering are
/// word compares, and the struct stays 32 bytes with no heap allocation.
/// </summary>
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    public const int Size = 32;
    public static readonly Hash256 Zero;

    private readonly ulong _w0, _w1, _w2, _w3;

    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"a hash is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"destination needs {Size} bytes", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Bit <paramref name="index"/> counted from the most significant bit of byte 0 (the path bit in tries).</summary>
    public bool GetBit(int index)
    {
        if ((uint)index >= 256) throw new ArgumentOutOfRangeException(nameof(index));
        var word = (index >> 6) switch { 0 => _w0, 1 => _w1, 2 => _w2, _ => _w3 };
        return ((word >> (63 - (index & 63))) & 1) != 0;
    }

    public static Hash256 Parse(string hex) => new(Hex.DecodeFixed(hex, Size, "hash"));

    public static bool TryParse(string? hex, out Hash256 hash)
    {
        hash = default;
        if (hex is null) return false;
        try
        {
            hash = Parse(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public bool Equals(Hash256 other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;
    public override bool Equals(object? obj) => obj is Hash256 h && Equals(h);
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    public int CompareTo(Hash256 other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0) return c;
        c = _w1.CompareTo(other._w1);
        if (c != 0) return c;
        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    public static bool operator ==(Hash256 a, Hash256 b) => a.Equals(b);
    public static bool operator !=(Hash256 a, Hash256 b) => !a.Equals(b);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Hex.Encode(bytes);
    }
}
