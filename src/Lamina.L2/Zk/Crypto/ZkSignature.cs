using System.Numerics;

namespace Lamina.L2.Zk.Crypto;

/// <summary>
/// A Schnorr signature over ECgFp5 with an RPO-256 challenge (see <see cref="SchnorrRpo"/>): the encoding of
/// the commitment R (40 bytes) then the response s (40 bytes, little-endian, below the group order).
/// </summary>
public readonly struct ZkSignature : IEquatable<ZkSignature>
{
    public const int Size = Fp5.ByteLength + ZkScalar.ByteLength;

    public Fp5 R { get; }
    public BigInteger S { get; }

    public ZkSignature(Fp5 r, BigInteger s)
    {
        if (s.Sign < 0 || s >= ZkScalar.Order)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "the response must be below the group order");
        }
        R = r;
        S = s;
    }

    public ZkSignature(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a ZK signature is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        if (!Fp5.TryFromBytes(bytes[..Fp5.ByteLength], out Fp5 r))
        {
            throw new ArgumentException("signature commitment coefficient is not below p", nameof(bytes));
        }
        if (!ZkScalar.TryRead(bytes[Fp5.ByteLength..], out BigInteger s))
        {
            throw new ArgumentException("signature response is not below the group order", nameof(bytes));
        }
        R = r;
        S = s;
    }

    public void CopyTo(Span<byte> destination)
    {
        R.WriteTo(destination);
        ZkScalar.Write(S, destination.Slice(Fp5.ByteLength, ZkScalar.ByteLength));
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public bool Equals(ZkSignature other) => R == other.R && S == other.S;
    public override bool Equals(object? obj) => obj is ZkSignature s && Equals(s);
    public override int GetHashCode() => HashCode.Combine(R, S);
    public static bool operator ==(ZkSignature a, ZkSignature b) => a.Equals(b);
    public static bool operator !=(ZkSignature a, ZkSignature b) => !a.Equals(b);
}
