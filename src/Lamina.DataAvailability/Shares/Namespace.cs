using System.Buffers.Binary;
using Lamina.Core;

namespace Lamina.DataAvailability.Shares;

/// <summary>
/// A 29-byte namespace (a rollup's id): a version byte and a 28-byte id, ordered lexicographically. Version 0 is for
/// users; version 255 is reserved for the protocol's padding and parity namespaces, which sort after every user one.
/// </summary>
public readonly struct Namespace : IEquatable<Namespace>, IComparable<Namespace>
{
    public const int Size = 29;
    public const int IdSize = 28;
    public const byte UserVersion = 0;
    public const byte ReservedVersion = 0xFF;

    /// <summary>Fills the square after the last blob; one below <see cref="Parity"/>, so padding stays in order.</summary>
    public static readonly Namespace TailPadding = Reserved(0xFE);

    /// <summary>The namespace of every parity share in the namespaced Merkle trees; the largest namespace.</summary>
    public static readonly Namespace Parity = Reserved(0xFF);

    private readonly byte _version;
    private readonly ulong _w0, _w1, _w2;
    private readonly uint _w3;

    public Namespace(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"a namespace is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _version = bytes[0];
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[9..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[17..]);
        _w3 = BinaryPrimitives.ReadUInt32BigEndian(bytes[25..]);
    }

    /// <summary>A user namespace (version 0) with the given 28-byte id.</summary>
    public static Namespace User(ReadOnlySpan<byte> id)
    {
        if (id.Length != IdSize) throw new ArgumentException($"a namespace id is {IdSize} bytes, got {id.Length}", nameof(id));
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = UserVersion;
        id.CopyTo(bytes[1..]);
        return new Namespace(bytes);
    }

    private static Namespace Reserved(byte last)
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes.Fill(0xFF);
        bytes[^1] = last;
        return new Namespace(bytes);
    }

    public byte Version => _version;
    public bool IsReserved => _version == ReservedVersion;

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"destination needs {Size} bytes", nameof(destination));
        destination[0] = _version;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[9..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[17..], _w2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[25..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public bool Equals(Namespace other) =>
        _version == other._version && _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is Namespace other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_version, _w0, _w1, _w2, _w3);

    public int CompareTo(Namespace other)
    {
        var c = _version.CompareTo(other._version);
        if (c != 0) return c;
        c = _w0.CompareTo(other._w0);
        if (c != 0) return c;
        c = _w1.CompareTo(other._w1);
        if (c != 0) return c;
        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    public static bool operator ==(Namespace a, Namespace b) => a.Equals(b);
    public static bool operator !=(Namespace a, Namespace b) => !a.Equals(b);
    public static bool operator <(Namespace a, Namespace b) => a.CompareTo(b) < 0;
    public static bool operator >(Namespace a, Namespace b) => a.CompareTo(b) > 0;
    public static bool operator <=(Namespace a, Namespace b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Namespace a, Namespace b) => a.CompareTo(b) >= 0;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Hex.Encode(bytes);
    }
}
