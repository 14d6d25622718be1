using System.Buffers.Binary;
using Lamina.Core.Crypto;

namespace Lamina.Core.Codec;

/// <summary>
/// Reads the canonical encoding written by <see cref="CanonicalWriter"/>. Every read checks bounds and every
/// length is capped by the caller, so hostile input cannot make the reader allocate more than it was sent.
/// </summary>
public ref struct CanonicalReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _data.Length - _position;

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw new CodecException(CodecError.Truncated, $"input ends before {what} ({count} bytes needed, {Remaining} left)", _position);
        }
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte ReadU8(string what = "u8") => Take(1, what)[0];

    public bool ReadBool(string what = "bool")
    {
        var at = _position;
        var b = ReadU8(what);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new CodecException(CodecError.NonCanonical, $"{what} must be 0 or 1, got {b}", at),
        };
    }

    public ushort ReadU16(string what = "u16") => BinaryPrimitives.ReadUInt16BigEndian(Take(2, what));
    public uint ReadU32(string what = "u32") => BinaryPrimitives.ReadUInt32BigEndian(Take(4, what));
    public ulong ReadU64(string what = "u64") => BinaryPrimitives.ReadUInt64BigEndian(Take(8, what));
    public UInt128 ReadU128(string what = "u128") => BinaryPrimitives.ReadUInt128BigEndian(Take(16, what));
    public Hash256 ReadHash(string what = "hash") => new(Take(Hash256.Size, what));
    public Address ReadAddress(string what = "address") => new(Take(Address.Size, what));
    public PublicKey ReadPublicKey(string what = "public key") => new(Take(PublicKey.Size, what));
    public Signature ReadSignature(string what = "signature") => new(Take(Signature.Size, what));
    public ReadOnlySpan<byte> ReadRaw(int count, string what = "bytes") => Take(count, what);

    /// <summary>u32 length ‖ bytes, refusing lengths over <paramref name="maxLength"/>.</summary>
    public ReadOnlySpan<byte> ReadBytes(int maxLength, string what = "byte string")
    {
        var at = _position;
        var length = ReadU32(what + " length");
        if (length > (uint)maxLength)
        {
            throw new CodecException(CodecError.Oversize, $"{what} is {length} bytes, the limit is {maxLength}", at);
        }
        return Take((int)length, what);
    }

    public string ReadAscii(int maxLength, string what = "string")
    {
        var at = _position;
        var bytes = ReadBytes(maxLength, what);
        foreach (var b in bytes)
        {
            if (b < 0x20 || b > 0x7e) throw new CodecException(CodecError.InvalidValue, $"{what} must be printable ASCII", at);
        }
        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    /// <summary>A list element count, refusing counts over <paramref name="maxCount"/> or that cannot fit in what is left.</summary>
    public int ReadCount(int maxCount, int minElementSize, string what = "list")
    {
        var at = _position;
        var count = ReadU32(what + " count");
        if (count > (uint)maxCount)
        {
            throw new CodecException(CodecError.Oversize, $"{what} has {count} elements, the limit is {maxCount}", at);
        }
        if (minElementSize > 0 && (long)count * minElementSize > Remaining)
        {
            throw new CodecException(CodecError.Truncated, $"{what} claims {count} elements but only {Remaining} bytes are left", at);
        }
        return (int)count;
    }

    /// <summary>Checks a version byte; unknown versions are refused rather than guessed at.</summary>
    public void ExpectVersion(byte expected, string what)
    {
        var at = _position;
        var version = ReadU8(what + " version");
        if (version != expected)
        {
            throw new CodecException(CodecError.UnknownVersion, $"{what} version {version} is not supported (expected {expected})", at);
        }
    }

    /// <summary>Every decode ends here: a canonical encoding has nothing after the value.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (Remaining != 0)
        {
            throw new CodecException(CodecError.TrailingBytes, $"{Remaining} trailing bytes after {what}", _position);
        }
    }
}
