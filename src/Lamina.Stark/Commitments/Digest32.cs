using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.Stark.Commitments;

/// <summary>
/// A 32-byte hash output (SHA-256 or BLAKE3, as the proof options say) used for Merkle nodes and the transcript.
/// <para>
/// Why not <see cref="Hash256"/>: the Merkle tree hashes whole levels in place through
/// <c>MemoryMarshal.AsBytes(Digest32[])</c>, which needs the struct's memory to be exactly its 32 bytes in order.
/// This struct holds them as native (little-endian) words, <see cref="Hash256"/> as big-endian words for ordering,
/// so the two cannot share a layout. The bytes are the same: <see cref="ToHash256"/> and
/// <see cref="FromHash256"/> convert without change, and the Core codec reads and writes it as 32 raw bytes.
/// </para>
/// </summary>
public readonly struct Digest32 : IEquatable<Digest32>, ICanonical<Digest32>
{
    public const int Length = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public Digest32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"a digest is {Length} bytes, got {bytes.Length}", nameof(bytes));
        }
        _a = BitConverter.ToUInt64(bytes);
        _b = BitConverter.ToUInt64(bytes[8..]);
        _c = BitConverter.ToUInt64(bytes[16..]);
        _d = BitConverter.ToUInt64(bytes[24..]);
    }

    public void CopyTo(Span<byte> destination)
    {
        BitConverter.TryWriteBytes(destination, _a);
        BitConverter.TryWriteBytes(destination[8..], _b);
        BitConverter.TryWriteBytes(destination[16..], _c);
        BitConverter.TryWriteBytes(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        byte[] result = new byte[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>The same 32 bytes as Core's hash type, e.g. to store a proof's commitment in L1 state.</summary>
    public Hash256 ToHash256()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return new Hash256(bytes);
    }

    public static Digest32 FromHash256(Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Length];
        hash.CopyTo(bytes);
        return new Digest32(bytes);
    }

    public void Encode(CanonicalWriter writer)
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        writer.WriteRaw(bytes);
    }

    public static Digest32 Decode(ref CanonicalReader reader) => new(reader.ReadRaw(Length, "digest"));

    public bool Equals(Digest32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is Digest32 d && Equals(d);
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
    public static bool operator ==(Digest32 x, Digest32 y) => x.Equals(y);
    public static bool operator !=(Digest32 x, Digest32 y) => !x.Equals(y);
    public override string ToString() => Convert.ToHexStringLower(ToArray());
}
