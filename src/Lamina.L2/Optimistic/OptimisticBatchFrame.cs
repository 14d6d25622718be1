using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>
/// What the batcher posts: version 1 ‖ payload length (BE u32) ‖ Brotli(payload). The declared length is capped at
/// <see cref="MaxPayloadSize"/> and the decoder decompresses into a buffer of exactly that size, so a zip bomb stops at
/// the cap instead of exhausting memory. The payload (<see cref="OptimisticBatchPayload"/>) is canonical; the Brotli
/// stream is not required to be byte-identical to this encoder's (as OP Stack accepts any valid zlib/brotli channel),
/// because derivation commits to the posted bytes and only needs every node to decode them to the same payload.
/// </summary>
public static class OptimisticBatchFrame
{
    public const byte Version = 1;
    public const int HeaderSize = 5;
    public const int MaxPayloadSize = 4 << 20;
    // Quality 5, not 11: on 20,000 signed transfers (bench `optimistic`) both give the same size to the byte (random
    // signatures and amounts leave Brotli nothing to find), and 11 cost the sequencer ~5x a signature check per transfer
    // (338 against 0.4 us/transfer at load 35). Decoders accept any valid Brotli stream, so this is the encoder's choice.
    private const int BrotliQuality = 5;
    private const int BrotliWindowBits = 22;

    public static byte[] Encode(IReadOnlyList<OptimisticBatchItem> items) => Compress(OptimisticBatchPayload.Encode(items));

    public static IReadOnlyList<OptimisticBatchItem> Decode(ReadOnlySpan<byte> frame) => OptimisticBatchPayload.Decode(Decompress(frame));

    public static byte[] Compress(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayloadSize) throw new ArgumentException($"payload of {payload.Length} bytes exceeds {MaxPayloadSize}");
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderSize + BrotliEncoder.GetMaxCompressedLength(payload.Length));
        try
        {
            buffer[0] = Version;
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), (uint)payload.Length);
            if (!BrotliEncoder.TryCompress(payload, buffer.AsSpan(HeaderSize), out var written, BrotliQuality, BrotliWindowBits))
                throw new InvalidOperationException("Brotli compression failed");
            return buffer.AsSpan(0, HeaderSize + written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static byte[] Decompress(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < HeaderSize) throw new CodecException(CodecError.Truncated, $"batch frame of {frame.Length} bytes has no header", 0);
        if (frame[0] != Version) throw new CodecException(CodecError.UnknownVersion, $"batch frame version {frame[0]} (expected {Version})", 0);
        var declared = BinaryPrimitives.ReadUInt32BigEndian(frame[1..]);
        if (declared > MaxPayloadSize) throw new CodecException(CodecError.Oversize, $"declared payload {declared} bytes exceeds {MaxPayloadSize}", 1);

        var payload = new byte[declared];
        using var decoder = new BrotliDecoder();
        var status = decoder.Decompress(frame[HeaderSize..], payload, out var consumed, out var written);
        return status switch
        {
            OperationStatus.Done when written != payload.Length =>
                throw new CodecException(CodecError.InvalidValue, $"payload decompresses to {written} bytes, header declares {declared}", HeaderSize),
            OperationStatus.Done when consumed != frame.Length - HeaderSize =>
                throw new CodecException(CodecError.TrailingBytes, $"{frame.Length - HeaderSize - consumed} bytes after the compressed stream", HeaderSize + consumed),
            OperationStatus.Done => payload,
            OperationStatus.DestinationTooSmall =>
                throw new CodecException(CodecError.Oversize, $"payload decompresses past the declared {declared} bytes", HeaderSize + consumed),
            OperationStatus.NeedMoreData =>
                throw new CodecException(CodecError.Truncated, "compressed stream ends early", frame.Length),
            _ => throw new CodecException(CodecError.InvalidValue, "compressed stream is not valid Brotli", HeaderSize + consumed),
        };
    }
}
