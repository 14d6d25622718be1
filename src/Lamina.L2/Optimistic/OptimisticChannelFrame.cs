using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// One blob's share of a channel (a compressed <see cref="OptimisticBatchFrame"/> too large for one blob, after OP
/// Stack's channel frames). Layout: version 1 ‖ channel id (32) ‖ index (u16) ‖ count (u16) ‖ data (the rest, ≥ 1 byte).
/// The channel id is the hash of the whole channel's bytes, so reassembly checks every frame at once and two
/// different channels can never be mixed; a reader needs frames 0..count-1, each exactly once.
/// </summary>
public sealed record OptimisticChannelFrame(Hash256 ChannelId, ushort Index, ushort Count, ReadOnlyMemory<byte> Data)
{
    public const byte Version = 1;
    public const int HeaderSize = 1 + Hash256.Size + 4;
    /// <summary>
    /// A channel is at most three blobs: what one L1 transaction can show a dispute game that derives a block's list
    /// on L1 (<c>DerivedOpening</c>, 3 × 127 KiB under the 512 KiB transaction limit). A channel any longer could
    /// never be derived on L1, so a sequencer could lie about its blocks unchallenged; derivation refuses a frame that
    /// says more, and the batcher cuts its channels to fit (a channel still carries up to 4 MiB decompressed).
    /// </summary>
    public const int MaxFrames = 3;
    private static readonly DomainTag ChannelIdTag = new("lamina/l2/optimistic/channel-id");

    public static Hash256 IdOf(ReadOnlySpan<byte> channel) => DomainHasher.Hash(ChannelIdTag, channel);

    /// <summary>How many frames of at most <paramref name="maxFrameSize"/> bytes a channel of <paramref name="channelLength"/> bytes takes.</summary>
    public static int CountFor(int channelLength, int maxFrameSize)
    {
        var chunk = maxFrameSize - HeaderSize;
        if (chunk <= 0) throw new ArgumentOutOfRangeException(nameof(maxFrameSize), $"a frame needs more than {HeaderSize} bytes");
        return (channelLength + chunk - 1) / chunk;
    }

    /// <summary>Cuts a channel into frames of at most <paramref name="maxFrameSize"/> bytes (the blob size limit).</summary>
    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> channel, int maxFrameSize)
    {
        var count = CountFor(channel.Length, maxFrameSize);
        if (channel.IsEmpty) throw new ArgumentException("empty channel", nameof(channel));
        var chunk = maxFrameSize - HeaderSize;
        if (count > MaxFrames) throw new ArgumentException($"channel of {channel.Length} bytes needs {count} frames, more than {MaxFrames}", nameof(channel));
        var id = IdOf(channel);
        var frames = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var data = channel.Slice(i * chunk, Math.Min(chunk, channel.Length - i * chunk));
            frames[i] = new OptimisticChannelFrame(id, (ushort)i, (ushort)count, data.ToArray()).Encode();
        }
        return frames;
    }

    /// <summary>Joins a channel's frames (any order) and checks the result against the channel id.</summary>
    public static byte[] Assemble(IReadOnlyList<OptimisticChannelFrame> frames)
    {
        if (frames.Count == 0) throw new CodecException(CodecError.Truncated, "no frames");
        var id = frames[0].ChannelId;
        var count = frames[0].Count;
        var ordered = new OptimisticChannelFrame?[count];
        foreach (var frame in frames)
        {
            if (frame.ChannelId != id || frame.Count != count)
                throw new CodecException(CodecError.InvalidValue, $"frame {frame.Index} belongs to another channel or count");
            if (ordered[frame.Index] is not null) throw new CodecException(CodecError.NonCanonical, $"frame {frame.Index} appears twice");
            ordered[frame.Index] = frame;
        }
        var total = 0;
        foreach (var frame in ordered) total += frame?.Data.Length ?? throw new CodecException(CodecError.Truncated, "a frame of the channel is missing");
        var channel = new byte[total];
        var at = 0;
        foreach (var frame in ordered)
        {
            frame!.Data.Span.CopyTo(channel.AsSpan(at));
            at += frame.Data.Length;
        }
        if (IdOf(channel) != id) throw new CodecException(CodecError.InvalidValue, "frames do not hash to their channel id");
        return channel;
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(HeaderSize + Data.Length);
        writer.WriteU8(Version);
        writer.WriteHash(ChannelId);
        writer.WriteU16(Index);
        writer.WriteU16(Count);
        writer.WriteRaw(Data.Span);
        return writer.ToArray();
    }

    public static OptimisticChannelFrame Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "channel frame");
        var id = reader.ReadHash("channel id");
        var indexAt = reader.Position;
        var index = reader.ReadU16("frame index");
        var count = reader.ReadU16("frame count");
        if (count == 0 || count > MaxFrames) throw new CodecException(CodecError.InvalidValue, $"frame count {count} is not in 1..{MaxFrames}", indexAt + 2);
        if (index >= count) throw new CodecException(CodecError.InvalidValue, $"frame index {index} is not below the count {count}", indexAt);
        if (reader.Remaining == 0) throw new CodecException(CodecError.Truncated, "a frame carries at least one byte of data", reader.Position);
        return new OptimisticChannelFrame(id, index, count, reader.ReadRaw(reader.Remaining, "frame data").ToArray());
    }
}
