using System.Numerics;

namespace Lamina.L2.Zk.Crypto;

/// <summary>Scalars of the ECgFp5 group: integers modulo its prime order, encoded as 40 little-endian bytes below the order.</summary>
public static class ZkScalar
{
    public const int ByteLength = 40;

    public static BigInteger Order => EcGfp5Point.Order;

    public static BigInteger Reduce(BigInteger value)
    {
        BigInteger r = value % Order;
        return r.Sign < 0 ? r + Order : r;
    }

    public static void Write(BigInteger scalar, Span<byte> destination)
    {
        if (scalar.Sign < 0 || scalar >= Order)
        {
            throw new ArgumentOutOfRangeException(nameof(scalar), "scalar must be reduced modulo the group order");
        }
        destination[..ByteLength].Clear();
        if (!scalar.TryWriteBytes(destination[..ByteLength], out _, isUnsigned: true, isBigEndian: false))
        {
            throw new InvalidOperationException("a reduced scalar always fits in 40 bytes");
        }
    }

    /// <summary>Parses 40 bytes; values at or above the order are refused so that each scalar has one encoding.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out BigInteger scalar)
    {
        scalar = BigInteger.Zero;
        if (bytes.Length != ByteLength)
        {
            return false;
        }
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        if (value >= Order)
        {
            return false;
        }
        scalar = value;
        return true;
    }
}
