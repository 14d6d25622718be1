using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Lamina.Core.Crypto;

namespace Lamina.Core.Codec;

/// <summary>
/// Writes the canonical encoding: fixed-width big-endian integers, u32 length prefixes, no optional padding.
/// Fixed widths make canonicality trivial: every value has exactly one encoding, so hashes and signatures
/// over encodings are unambiguous.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CanonicalWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(Math.Max(16, initialCapacity));

    public int Length => _buffer.WrittenCount;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteU8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);

    public void WriteU16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteU128(UInt128 value)
    {
        BinaryPrimitives.WriteUInt128BigEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
    }

    public void WriteHash(Hash256 value)
    {
        value.CopyTo(_buffer.GetSpan(Hash256.Size));
        _buffer.Advance(Hash256.Size);
    }

    public void WriteAddress(Address value)
    {
        value.CopyTo(_buffer.GetSpan(Address.Size));
        _buffer.Advance(Address.Size);
    }

    public void WritePublicKey(PublicKey value)
    {
        value.CopyTo(_buffer.GetSpan(PublicKey.Size));
        _buffer.Advance(PublicKey.Size);
    }

    public void WriteSignature(Signature value)
    {
        value.CopyTo(_buffer.GetSpan(Signature.Size));
        _buffer.Advance(Signature.Size);
    }

    /// <summary>Raw bytes with no length prefix (for fixed-size fields).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>u32 length ‖ bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteU32(checked((uint)bytes.Length));
        _buffer.Write(bytes);
    }

    /// <summary>A printable-ASCII string as u32 length ‖ bytes.</summary>
    public void WriteAscii(string value)
    {
        foreach (var ch in value)
        {
            if (ch < 0x20 || ch > 0x7e) throw new ArgumentException("only printable ASCII strings are encodable", nameof(value));
        }
        WriteBytes(Encoding.ASCII.GetBytes(value));
    }

    /// <summary>Element count of a list that follows.</summary>
    public void WriteCount(int count) => WriteU32(checked((uint)count));
}
