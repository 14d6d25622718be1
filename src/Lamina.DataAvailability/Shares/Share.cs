using System.Buffers.Binary;
using Lamina.Core.Codec;

namespace Lamina.DataAvailability.Shares;

/// <summary>
/// One 512-byte share of the data square, in the canonical version-0 format:
/// <code>
/// namespace (29) ‖ info (1: share version ≪ 1 | sequence-start bit) ‖ [sequence length, u32 BE, first share only] ‖ payload
/// </code>
/// A blob is a sequence of shares of one namespace: a first share carrying the blob's byte length, then continuation
/// shares. Bytes after the end of a blob are zero. Tail padding is a first share of the reserved
/// <see cref="Namespace.TailPadding"/> namespace with length 0 and zero payload: no user blob can have that
/// namespace, and no blob has length 0, so padding can never be read as data.
/// </summary>
public readonly struct Share
{
    public const int Size = 512;
    public const byte CurrentVersion = 0;
    public const int InfoOffset = Namespace.Size;
    public const int SequenceLengthOffset = InfoOffset + 1;
    public const int FirstPayloadOffset = SequenceLengthOffset + 4;
    public const int ContinuationPayloadOffset = InfoOffset + 1;
    public const int FirstCapacity = Size - FirstPayloadOffset;
    public const int ContinuationCapacity = Size - ContinuationPayloadOffset;

    /// <summary>The most bytes one blob can hold: every share of the largest square.</summary>
    public const int MaxBlobLength = FirstCapacity + ((DataSquare.MaxWidth * DataSquare.MaxWidth) - 1) * ContinuationCapacity;

    private readonly byte[] _bytes;

    private Share(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;
    public Namespace Namespace => new(_bytes.AsSpan(0, Namespace.Size));
    public bool IsSequenceStart => (_bytes[InfoOffset] & 1) == 1;
    public bool IsTailPadding => Namespace == Namespace.TailPadding;

    /// <summary>The blob's byte length; only meaningful on a first share.</summary>
    public int SequenceLength => IsSequenceStart ? (int)BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(SequenceLengthOffset)) : 0;

    public ReadOnlySpan<byte> Payload => _bytes.AsSpan(IsSequenceStart ? FirstPayloadOffset : ContinuationPayloadOffset);

    public static Share First(Namespace ns, int blobLength, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > FirstCapacity) throw new ArgumentException($"a first share holds {FirstCapacity} payload bytes", nameof(payload));
        var bytes = new byte[Size];
        ns.CopyTo(bytes);
        bytes[InfoOffset] = (CurrentVersion << 1) | 1;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(SequenceLengthOffset), checked((uint)blobLength));
        payload.CopyTo(bytes.AsSpan(FirstPayloadOffset));
        return new Share(bytes);
    }

    public static Share Continuation(Namespace ns, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > ContinuationCapacity) throw new ArgumentException($"a continuation share holds {ContinuationCapacity} payload bytes", nameof(payload));
        var bytes = new byte[Size];
        ns.CopyTo(bytes);
        bytes[InfoOffset] = CurrentVersion << 1;
        payload.CopyTo(bytes.AsSpan(ContinuationPayloadOffset));
        return new Share(bytes);
    }

    public static Share TailPadding() => First(Namespace.TailPadding, 0, ReadOnlySpan<byte>.Empty);

    /// <summary>Parses one share, refusing anything that is not the canonical format (with <see cref="CodecException"/>).</summary>
    public static Share Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size) throw new CodecException(CodecError.Truncated, $"a share is {Size} bytes, got {bytes.Length}", bytes.Length);
        if (bytes.Length > Size) throw new CodecException(CodecError.TrailingBytes, $"a share is {Size} bytes, got {bytes.Length}", Size);
        var ns = new Namespace(bytes[..Namespace.Size]);
        if (ns == Namespace.Parity) throw new CodecException(CodecError.InvalidValue, "the parity namespace never labels a data share", 0);
        if (ns.IsReserved && ns != Namespace.TailPadding) throw new CodecException(CodecError.InvalidValue, $"namespace {ns} is reserved", 0);
        if (!ns.IsReserved && ns.Version != Namespace.UserVersion) throw new CodecException(CodecError.UnknownVersion, $"namespace version {ns.Version} is not supported", 0);
        var info = bytes[InfoOffset];
        if (info >> 1 != CurrentVersion) throw new CodecException(CodecError.UnknownVersion, $"share version {info >> 1} is not supported", InfoOffset);
        var first = (info & 1) == 1;
        if (first)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[SequenceLengthOffset..]);
            if (length > MaxBlobLength) throw new CodecException(CodecError.Oversize, $"blob length {length} exceeds {MaxBlobLength}", SequenceLengthOffset);
            if (ns == Namespace.TailPadding && length != 0) throw new CodecException(CodecError.NonCanonical, "tail padding has length 0", SequenceLengthOffset);
            if (ns != Namespace.TailPadding && length == 0) throw new CodecException(CodecError.InvalidValue, "a blob is never empty", SequenceLengthOffset);
            var used = (int)Math.Min(length, (uint)FirstCapacity);
            var tail = FirstPayloadOffset + used;
            if (bytes[tail..].IndexOfAnyExcept((byte)0) >= 0) throw new CodecException(CodecError.NonCanonical, "bytes after the end of the blob must be zero", tail);
        }
        else if (ns == Namespace.TailPadding)
        {
            throw new CodecException(CodecError.NonCanonical, "tail padding is always a first share", InfoOffset);
        }
        return new Share(bytes.ToArray());
    }
}
