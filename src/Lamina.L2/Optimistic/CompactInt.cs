using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>
/// Unsigned LEB128 for the batch codec: small values (indices, fees, most amounts) take one or two bytes. Canonical:
/// the decoder rejects a non-minimal encoding (a redundant final 0x00 group) and anything over 64 bits.
/// </summary>
public static class CompactInt
{
    public const int MaxSize = 10;

    public static void Write(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add(unchecked((byte)(value | 0x80)));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    public static ulong Read(ReadOnlySpan<byte> data, ref int position, string what)
    {
        ulong value = 0;
        for (var i = 0; i < MaxSize; i++)
        {
            if (position >= data.Length) throw new CodecException(CodecError.Truncated, $"{what}: compact integer runs past the end", position);
            var b = data[position++];
            var group = (ulong)(b & 0x7F);
            if (i == 9 && b > 1) throw new CodecException(CodecError.Oversize, $"{what}: compact integer exceeds 64 bits", position - 1);
            value |= group << (7 * i);
            if ((b & 0x80) != 0) continue;
            if (b == 0 && i > 0) throw new CodecException(CodecError.NonCanonical, $"{what}: compact integer is not minimal", position - 1);
            return value;
        }
        throw new CodecException(CodecError.Oversize, $"{what}: compact integer exceeds 64 bits", position);
    }

    public static int ReadIndex(ReadOnlySpan<byte> data, ref int position, int bound, string what)
    {
        var at = position;
        var value = Read(data, ref position, what);
        return value < (ulong)bound ? (int)value : throw new CodecException(CodecError.InvalidValue, $"{what} {value} is out of range (< {bound})", at);
    }
}
