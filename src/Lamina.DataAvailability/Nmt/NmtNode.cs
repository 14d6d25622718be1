using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Nmt;

/// <summary>
/// A node of a namespaced Merkle tree: the smallest and largest namespace below it and the digest. Encoded as
/// min (29) ‖ max (29) ‖ digest (32) = 90 bytes; this is also what the parent hashes.
/// </summary>
public readonly struct NmtNode : IEquatable<NmtNode>, ICanonical<NmtNode>
{
    public const int Size = (2 * Namespace.Size) + Hash256.Size;

    public NmtNode(Namespace min, Namespace max, Hash256 digest)
    {
        if (max < min) throw new ArgumentException($"node range is reversed: {min} > {max}");
        Min = min;
        Max = max;
        Digest = digest;
    }

    public Namespace Min { get; }
    public Namespace Max { get; }
    public Hash256 Digest { get; }

    /// <summary>Whether namespace <paramref name="ns"/> could lie below this node.</summary>
    public bool Covers(Namespace ns) => Min <= ns && ns <= Max;

    public void CopyTo(Span<byte> destination)
    {
        Min.CopyTo(destination);
        Max.CopyTo(destination[Namespace.Size..]);
        Digest.CopyTo(destination[(2 * Namespace.Size)..]);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public void Encode(CanonicalWriter writer) => writer.WriteRaw(ToArray());

    public static NmtNode Decode(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var min = new Namespace(reader.ReadRaw(Namespace.Size, "node min namespace"));
        var max = new Namespace(reader.ReadRaw(Namespace.Size, "node max namespace"));
        var digest = reader.ReadHash("node digest");
        if (max < min) throw new CodecException(CodecError.InvalidValue, "node namespace range is reversed", at);
        return new NmtNode(min, max, digest);
    }

    public bool Equals(NmtNode other) => Min == other.Min && Max == other.Max && Digest == other.Digest;
    public override bool Equals(object? obj) => obj is NmtNode other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Min, Max, Digest);
    public static bool operator ==(NmtNode a, NmtNode b) => a.Equals(b);
    public static bool operator !=(NmtNode a, NmtNode b) => !a.Equals(b);
    public override string ToString() => $"[{Min}..{Max}] {Digest}";
}
