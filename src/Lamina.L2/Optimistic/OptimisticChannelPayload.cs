using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>
/// Version 2 of the batch payload: several L2 blocks with their boundaries, sharing one set of key tables so that the
/// per-transfer cost stays that of version 1. Layout: 02 ‖ first block number ‖ block count ‖ per block (time ‖ L1
/// origin ‖ forced count ‖ tx count) ‖ the version-1 body (tables, t, transactions) with t = the sum of the tx counts.
/// Time and origin are absolute for the first block and deltas after it (blocks never go back), so a 100 ms block
/// costs about four bytes of boundary. All integers are minimal LEB128 (<see cref="CompactInt"/>); the decoder rejects
/// anything else, a channel without blocks, counts that do not add up, truncation and trailing bytes with
/// <see cref="CodecException"/>. Version 1 payloads keep their meaning and golden vector.
/// </summary>
public static class OptimisticChannelPayload
{
    public const byte Version = 2;
    private const int MinBoundarySize = 4;

    public static byte[] Encode(IReadOnlyList<OptimisticBatchBlock> blocks)
    {
        if (blocks.Count == 0) throw new ArgumentException("a channel carries at least one block", nameof(blocks));
        var output = new List<byte>(64 + blocks.Count * MinBoundarySize) { Version };
        CompactInt.Write(output, blocks[0].Number);
        CompactInt.Write(output, (ulong)blocks.Count);
        var items = new List<OptimisticBatchItem>();
        OptimisticBatchBlock? previous = null;
        foreach (var block in blocks)
        {
            if (previous is not null)
            {
                if (block.Number != previous.Number + 1) throw new ArgumentException($"block {block.Number} does not follow {previous.Number}");
                if (block.TimestampMs < previous.TimestampMs || block.L1Origin < previous.L1Origin)
                    throw new ArgumentException($"block {block.Number} goes back in time or L1 origin");
            }
            CompactInt.Write(output, previous is null ? block.TimestampMs : block.TimestampMs - previous.TimestampMs);
            CompactInt.Write(output, previous is null ? block.L1Origin : block.L1Origin - previous.L1Origin);
            CompactInt.Write(output, block.ForcedCount);
            CompactInt.Write(output, (ulong)block.Transactions.Count);
            items.AddRange(block.Transactions);
            previous = block;
        }
        OptimisticBatchPayload.WriteItems(output, items);
        return [.. output];
    }

    /// <summary>The channel as posted: the payload in a Brotli <see cref="OptimisticBatchFrame"/> (capped against zip bombs).</summary>
    public static byte[] Compress(IReadOnlyList<OptimisticBatchBlock> blocks) => OptimisticBatchFrame.Compress(Encode(blocks));

    public static IReadOnlyList<OptimisticBatchBlock> Decompress(ReadOnlySpan<byte> channel) => Decode(OptimisticBatchFrame.Decompress(channel));

    public static IReadOnlyList<OptimisticBatchBlock> Decode(ReadOnlySpan<byte> data)
    {
        var at = 0;
        if (data.Length == 0) throw new CodecException(CodecError.Truncated, "empty channel payload", 0);
        if (data[at++] != Version) throw new CodecException(CodecError.UnknownVersion, $"channel payload version {data[0]} (expected {Version})", 0);
        var first = CompactInt.Read(data, ref at, "first block number");
        var countAt = at;
        var blockCount = OptimisticBatchPayload.Count(data, ref at, MinBoundarySize, "block count");
        if (blockCount == 0) throw new CodecException(CodecError.InvalidValue, "a channel carries at least one block", countAt);
        if (first > ulong.MaxValue - (ulong)blockCount) throw new CodecException(CodecError.InvalidValue, "block numbers overflow", countAt);

        var boundaries = new (ulong Time, ulong Origin, ulong Forced, ulong TxCount)[blockCount];
        ulong time = 0, origin = 0, totalTx = 0;
        for (var i = 0; i < blockCount; i++)
        {
            var fieldAt = at;
            var dt = CompactInt.Read(data, ref at, "block time");
            var dOrigin = CompactInt.Read(data, ref at, "block l1 origin");
            if (i > 0 && (ulong.MaxValue - time < dt || ulong.MaxValue - origin < dOrigin))
                throw new CodecException(CodecError.InvalidValue, $"block {i}: time or origin overflows", fieldAt);
            time = i == 0 ? dt : time + dt;
            origin = i == 0 ? dOrigin : origin + dOrigin;
            var forced = CompactInt.Read(data, ref at, "forced count");
            var txCount = CompactInt.Read(data, ref at, "block tx count");
            if (txCount > (ulong)data.Length) throw new CodecException(CodecError.Oversize, $"block {i}: {txCount} transactions cannot fit", fieldAt);
            totalTx += txCount;
            boundaries[i] = (time, origin, forced, txCount);
        }

        var itemsAt = at;
        var items = OptimisticBatchPayload.ReadItems(data, ref at);
        if ((ulong)items.Length != totalTx)
            throw new CodecException(CodecError.InvalidValue, $"blocks declare {totalTx} transactions, the body carries {items.Length}", itemsAt);
        if (at != data.Length) throw new CodecException(CodecError.TrailingBytes, $"{data.Length - at} bytes after the last transaction", at);

        var blocks = new OptimisticBatchBlock[blockCount];
        var offset = 0;
        for (var i = 0; i < blockCount; i++)
        {
            var (t, o, f, n) = boundaries[i];
            blocks[i] = new OptimisticBatchBlock(first + (ulong)i, t, o, f, new ArraySegment<OptimisticBatchItem>(items, offset, (int)n));
            offset += (int)n;
        }
        return blocks;
    }
}
