using System.Buffers.Binary;
using Lamina.Core.Codec;
using Lamina.Stark.Field;

namespace Lamina.Stark.Codec;

/// <summary>
/// The one adapter between Stark's wire values and Lamina.Core's codec. Core's own integers are big-endian; the
/// STARK formats are little-endian, because Goldilocks elements are little-endian everywhere they are hashed
/// (RPO digests, the transcript, Miden and Winterfell) and the proof format is pinned by golden vectors. So these
/// helpers only choose the byte order: bounds, truncation, trailing bytes and every error stay Core's
/// (<see cref="CanonicalReader"/>, <see cref="CodecException"/>).
/// </summary>
public static class GoldilocksCodec
{
    public const int FeltSize = 8;
    public const int Felt3Size = 3 * FeltSize;

    public static void WriteU16LittleEndian(this CanonicalWriter writer, int value, string what)
    {
        if ((uint)value > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{what} is {value}, the format allows at most {ushort.MaxValue}");
        }
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        writer.WriteRaw(bytes);
    }

    public static void WriteU64LittleEndian(this CanonicalWriter writer, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        writer.WriteRaw(bytes);
    }

    public static void WriteFelt(this CanonicalWriter writer, Felt value) => writer.WriteU64LittleEndian(value.Value);

    public static void WriteFelts(this CanonicalWriter writer, ReadOnlySpan<Felt> values)
    {
        foreach (Felt f in values)
        {
            writer.WriteFelt(f);
        }
    }

    public static void WriteFelt3s(this CanonicalWriter writer, ReadOnlySpan<Felt3> values)
    {
        foreach (Felt3 f in values)
        {
            writer.WriteFelt(f.C0);
            writer.WriteFelt(f.C1);
            writer.WriteFelt(f.C2);
        }
    }

    public static ushort ReadU16LittleEndian(this ref CanonicalReader reader, string what) =>
        BinaryPrimitives.ReadUInt16LittleEndian(reader.ReadRaw(2, what));

    public static ulong ReadU64LittleEndian(this ref CanonicalReader reader, string what) =>
        BinaryPrimitives.ReadUInt64LittleEndian(reader.ReadRaw(8, what));

    /// <summary>A field element; values at or above the modulus are refused, so every element has one encoding.</summary>
    public static Felt ReadFelt(this ref CanonicalReader reader, string what)
    {
        int at = reader.Position;
        ulong value = reader.ReadU64LittleEndian(what);
        if (!Felt.TryFromCanonical(value, out Felt f))
        {
            throw new CodecException(CodecError.NonCanonical, $"{what} is not a canonical field element", at);
        }
        return f;
    }

    public static Felt[] ReadFelts(this ref CanonicalReader reader, int count, string what)
    {
        reader.EnsureRoom(count, FeltSize, what);
        Felt[] result = new Felt[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = reader.ReadFelt(what);
        }
        return result;
    }

    public static Felt3[] ReadFelt3s(this ref CanonicalReader reader, int count, string what)
    {
        reader.EnsureRoom(count, Felt3Size, what);
        Felt3[] result = new Felt3[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = new Felt3(reader.ReadFelt(what), reader.ReadFelt(what), reader.ReadFelt(what));
        }
        return result;
    }

    /// <summary>Checks a declared count against the bytes left before allocating for it.</summary>
    public static void EnsureRoom(this ref CanonicalReader reader, int count, int elementSize, string what)
    {
        if ((long)count * elementSize > reader.Remaining)
        {
            throw new CodecException(CodecError.Truncated,
                $"{what} claims {count} elements but only {reader.Remaining} bytes are left", reader.Position);
        }
    }
}
