namespace Lamina.L2.Zk.Crypto;

/// <summary>
/// A ZK-rollup account key: the canonical encoding w of an ECgFp5 group element Q = x·G (40 bytes). The
/// constructor accepts only encodings that decode to a group element other than the neutral, so every value of
/// this type is a usable key.
/// </summary>
public readonly struct ZkPublicKey : IEquatable<ZkPublicKey>
{
    public const int Size = Fp5.ByteLength;

    public Fp5 W { get; }

    public ZkPublicKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a ZK public key is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        if (!Fp5.TryFromBytes(bytes, out Fp5 w))
        {
            throw new ArgumentException("a ZK public key coefficient is not below p", nameof(bytes));
        }
        this = FromEncoding(w);
    }

    private ZkPublicKey(Fp5 w) => W = w;

    /// <summary>From a field element that must encode a non-neutral group element.</summary>
    public static ZkPublicKey FromEncoding(Fp5 w)
    {
        if (w.IsZero)
        {
            throw new ArgumentException("the neutral element is not a public key", nameof(w));
        }
        if (EcGfp5Point.Decode(w) is null)
        {
            throw new ArgumentException("the value does not encode an ECgFp5 group element", nameof(w));
        }
        return new ZkPublicKey(w);
    }

    public EcGfp5Point Point => EcGfp5Point.Decode(W) ?? throw new InvalidOperationException("validated at construction");

    public byte[] ToArray() => W.ToBytes();
    public void CopyTo(Span<byte> destination) => W.WriteTo(destination);

    public bool Equals(ZkPublicKey other) => W == other.W;
    public override bool Equals(object? obj) => obj is ZkPublicKey k && Equals(k);
    public override int GetHashCode() => W.GetHashCode();
    public static bool operator ==(ZkPublicKey a, ZkPublicKey b) => a.Equals(b);
    public static bool operator !=(ZkPublicKey a, ZkPublicKey b) => !a.Equals(b);
    public override string ToString() => Convert.ToHexStringLower(ToArray());
}
