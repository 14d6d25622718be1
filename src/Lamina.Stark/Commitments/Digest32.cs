namespace Lamina.Stark.Commitments;

/// <summary>A 32-byte hash output (SHA-256 or BLAKE3) used for Merkle nodes and the transcript.</summary>
public readonly struct Digest32 : IEquatable<Digest32>
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
            throw new ArgumentException($"A digest is {Length} bytes, got {bytes.Length}.", nameof(bytes));
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

    public bool Equals(Digest32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is Digest32 d && Equals(d);
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
    public static bool operator ==(Digest32 x, Digest32 y) => x.Equals(y);
    public static bool operator !=(Digest32 x, Digest32 y) => !x.Equals(y);
    public override string ToString() => Convert.ToHexStringLower(ToArray());
}
