using System.Buffers.Binary;
using Lamina.Core.Codec;
using Lamina.Stark.Codec;
using Lamina.Stark.Field;

namespace Lamina.Stark.Hashing;

/// <summary>
/// An RPO-256 digest: four Goldilocks elements (32 bytes, each element little-endian, as in Miden).
/// <para>
/// It stays its own type rather than Core's <see cref="Lamina.Core.Hash256"/>: it is four field elements that AIRs
/// read and constrain one by one, and not every 32-byte string is a digest (each element must be below the
/// modulus). It reads and writes through Core's codec (<see cref="ICanonical{TSelf}"/>) with the same 32 bytes as
/// <see cref="ToBytes"/>.
/// </para>
/// </summary>
public readonly struct RpoDigest : IEquatable<RpoDigest>, ICanonical<RpoDigest>
{
    public const int ElementCount = 4;
    public const int ByteLength = 32;

    public readonly Felt E0;
    public readonly Felt E1;
    public readonly Felt E2;
    public readonly Felt E3;

    public RpoDigest(Felt e0, Felt e1, Felt e2, Felt e3)
    {
        E0 = e0;
        E1 = e1;
        E2 = e2;
        E3 = e3;
    }

    public RpoDigest(ReadOnlySpan<Felt> elements)
    {
        if (elements.Length != ElementCount)
        {
            throw new ArgumentException($"an RPO digest has exactly {ElementCount} elements, got {elements.Length}", nameof(elements));
        }
        E0 = elements[0];
        E1 = elements[1];
        E2 = elements[2];
        E3 = elements[3];
    }

    public static RpoDigest Zero => default;

    public Felt this[int index] => index switch
    {
        0 => E0,
        1 => E1,
        2 => E2,
        3 => E3,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public void CopyTo(Span<Felt> destination)
    {
        destination[0] = E0;
        destination[1] = E1;
        destination[2] = E2;
        destination[3] = E3;
    }

    public Felt[] ToArray() => [E0, E1, E2, E3];

    public byte[] ToBytes()
    {
        byte[] bytes = new byte[ByteLength];
        for (int i = 0; i < ElementCount; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8 * i), this[i].Value);
        }
        return bytes;
    }

    /// <summary>Parses 32 bytes; rejects non-canonical elements so that every digest has one encoding.</summary>
    public static RpoDigest FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ArgumentException($"an RPO digest is {ByteLength} bytes, got {bytes.Length}", nameof(bytes));
        }
        Span<Felt> e = stackalloc Felt[ElementCount];
        for (int i = 0; i < ElementCount; i++)
        {
            if (!Felt.TryFromCanonical(BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8 * i)), out e[i]))
            {
                throw new ArgumentException("a digest element is not a canonical field element", nameof(bytes));
            }
        }
        return new RpoDigest(e);
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteFelt(E0);
        writer.WriteFelt(E1);
        writer.WriteFelt(E2);
        writer.WriteFelt(E3);
    }

    public static RpoDigest Decode(ref CanonicalReader reader) =>
        new(reader.ReadFelt("RPO digest"), reader.ReadFelt("RPO digest"), reader.ReadFelt("RPO digest"), reader.ReadFelt("RPO digest"));

    public bool Equals(RpoDigest other) => E0 == other.E0 && E1 == other.E1 && E2 == other.E2 && E3 == other.E3;
    public override bool Equals(object? obj) => obj is RpoDigest d && Equals(d);
    public override int GetHashCode() => HashCode.Combine(E0.Value, E1.Value, E2.Value, E3.Value);
    public static bool operator ==(RpoDigest a, RpoDigest b) => a.Equals(b);
    public static bool operator !=(RpoDigest a, RpoDigest b) => !a.Equals(b);
    public override string ToString() => $"[{E0}, {E1}, {E2}, {E3}]";
}
