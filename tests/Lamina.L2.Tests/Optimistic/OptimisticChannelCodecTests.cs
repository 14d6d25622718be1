using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;
using Xunit.Abstractions;

namespace Lamina.L2.Tests.Optimistic;

public sealed class OptimisticChannelCodecTests(ITestOutputHelper output)
{
    private const ulong ChainId = 7, RollupId = 3;

    /// <summary>The L1 blob module's limit (BlobParameters.MaxBlobBytes, 127 KiB).</summary>
    private const int MaxBlobBytes = 130_048;

    private static Address Addr(byte b) => new(Enumerable.Repeat(b, Address.Size).ToArray());

    private static OptimisticBatchItem Item(byte sender, byte recipient, ulong amount, ulong fee, ulong nonce, OptimisticTxKind kind = OptimisticTxKind.Transfer) =>
        new(kind, new PublicKey(Enumerable.Repeat(sender, PublicKey.Size).ToArray()), Addr(recipient), amount, fee, nonce,
            new Signature(Enumerable.Repeat((byte)(0xE0 + nonce), Signature.Size).ToArray()));

    private static void AssertSame(IReadOnlyList<OptimisticBatchBlock> expected, IReadOnlyList<OptimisticBatchBlock> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].Number, expected[i].TimestampMs, expected[i].L1Origin, expected[i].ForcedCount),
                (actual[i].Number, actual[i].TimestampMs, actual[i].L1Origin, actual[i].ForcedCount));
            Assert.Equal(expected[i].Transactions, actual[i].Transactions);
        }
    }

    private static readonly OptimisticBatchBlock[] Sample =
    [
        new(5, 1000, 10, 0, [Item(0xAA, 0x01, 300, 2, 5)]),
        new(6, 1100, 10, 1, [Item(0xAA, 0x02, 1, 0, 6, OptimisticTxKind.Withdrawal)]),
        new(7, 1101, 12, 0, []),
    ];

    [Fact]
    public void Channel_payload_golden_vector_and_version_1_unchanged()
    {
        var bytes = OptimisticChannelPayload.Encode(Sample);
        // The body after the boundaries is version 1's body for the same two items (its golden vector minus the version byte).
        var v1 = OptimisticBatchPayload.Encode([.. Sample.SelectMany(b => b.Transactions)]);
        var expected = "02" + "05" + "03" + "e807" + "0a" + "00" + "01" + "64" + "00" + "01" + "01" + "01" + "02" + "00" + "00"
            + Convert.ToHexStringLower(v1[1..]);
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
        AssertSame(Sample, OptimisticChannelPayload.Decode(bytes));
        AssertSame(Sample, OptimisticChannelPayload.Decompress(OptimisticChannelPayload.Compress(Sample)));
        // A version-1 payload is not a channel, and a channel is not a version-1 payload.
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => OptimisticChannelPayload.Decode(v1)).Error);
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => OptimisticBatchPayload.Decode(bytes)).Error);
    }

    [Fact]
    public void Channel_payload_rejects_other_encodings()
    {
        var good = OptimisticChannelPayload.Encode(Sample);
        CodecError Reject(byte[] bytes) => Assert.Throws<CodecException>(() => OptimisticChannelPayload.Decode(bytes)).Error;
        Assert.Equal(CodecError.TrailingBytes, Reject([.. good, 0]));
        Assert.Equal(CodecError.Truncated, Reject(good[..^1]));
        Assert.Equal(CodecError.Truncated, Reject([]));
        Assert.Equal(CodecError.InvalidValue, Reject([2, 5, 0, .. good[3..]]));       // no blocks
        Assert.Equal(CodecError.NonCanonical, Reject([2, 0x85, 0x00, .. good[2..]]));  // first number not minimal
        var miscounted = (byte[])good.Clone();
        miscounted[7] = 2; // first block claims two transactions: 3 declared, 2 carried
        Assert.Equal(CodecError.InvalidValue, Reject(miscounted));
        Assert.Equal(CodecError.Oversize, Reject([2, 0, 0x80, 0x80, 0x04]));
        Assert.Throws<ArgumentException>(() => OptimisticChannelPayload.Encode([]));
        Assert.Throws<ArgumentException>(() => OptimisticChannelPayload.Encode([Sample[0], Sample[2]]));
    }

    [Fact]
    public void Frames_split_a_channel_over_blobs_and_reassemble_in_any_order()
    {
        var channel = new byte[300_000];
        for (var i = 0; i < channel.Length; i++) channel[i] = (byte)(i * 7 + (i >> 8));
        var frames = OptimisticChannelFrame.Split(channel, MaxBlobBytes);
        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.True(f.Length <= MaxBlobBytes));
        var decoded = frames.Select(f => OptimisticChannelFrame.Decode(f)).Reverse().ToList();
        Assert.Equal(channel, OptimisticChannelFrame.Assemble(decoded));
        Assert.All(frames, f => Assert.Equal(f, OptimisticChannelFrame.Decode(f).Encode()));

        CodecError Reject(IReadOnlyList<OptimisticChannelFrame> parts) => Assert.Throws<CodecException>(() => OptimisticChannelFrame.Assemble(parts)).Error;
        Assert.Equal(CodecError.Truncated, Reject(decoded.Take(2).ToList()));
        Assert.Equal(CodecError.NonCanonical, Reject([decoded[0], decoded[0], decoded[1]]));
        var forged = decoded[1] with { Data = decoded[1].Data.ToArray().Select(b => (byte)(b ^ 1)).ToArray() };
        Assert.Equal(CodecError.InvalidValue, Reject([decoded[0], forged, decoded[2]]));
        var other = OptimisticChannelFrame.Decode(OptimisticChannelFrame.Split(new byte[10], MaxBlobBytes)[0]);
        Assert.Equal(CodecError.InvalidValue, Reject([decoded[0], other]));

        CodecError RejectBytes(byte[] bytes) => Assert.Throws<CodecException>(() => OptimisticChannelFrame.Decode(bytes)).Error;
        var frame = frames[0];
        Assert.Equal(CodecError.UnknownVersion, RejectBytes([2, .. frame[1..]]));
        Assert.Equal(CodecError.Truncated, RejectBytes(frame[..OptimisticChannelFrame.HeaderSize]));
        Assert.Equal(CodecError.InvalidValue, RejectBytes([.. frame[..33], 0, 3, 0, 3, 1]));  // index = count
        Assert.Equal(CodecError.InvalidValue, RejectBytes([.. frame[..33], 0, 0, 0, 0, 1]));  // count 0
        Assert.Equal(CodecError.InvalidValue, RejectBytes([.. frame[..33], 0, 0, 0, 65, 1])); // count over the cap
    }

    /// <summary>
    /// The figure of issue 13: bytes posted per signed transfer, now with L2 block boundaries (40 transfers per 100 ms
    /// block) and blob frame headers included, for a channel large enough to span several blobs.
    /// </summary>
    [Fact]
    public void Posted_bytes_per_transfer_with_block_boundaries_across_blobs()
    {
        var keys = Enumerable.Range(0, 200).Select(i => SigningKey.FromSeed(Enumerable.Repeat((byte)(i + 1), 32).ToArray())).ToArray();
        var nonces = new ulong[keys.Length];
        var state = new Random(13);
        var blocks = new List<OptimisticBatchBlock>();
        const int Transfers = 4_000, PerBlock = 40;
        for (var b = 0; b < Transfers / PerBlock; b++)
        {
            var items = new List<OptimisticBatchItem>(PerBlock);
            for (var i = 0; i < PerBlock; i++)
            {
                var from = state.Next(keys.Length);
                var to = keys[state.Next(keys.Length)].Address;
                items.Add(OptimisticBatchItem.From(OptimisticTransfer.Create(keys[from], ChainId, RollupId, to, (ulong)state.Next(1_000_000_000), (ulong)state.Next(1 << 14), nonces[from]++)));
            }
            blocks.Add(new OptimisticBatchBlock((ulong)b + 1, 1_000_000 + (ulong)b * 100, 10 + (ulong)b / 10, 0, items));
        }
        var channel = OptimisticChannelPayload.Compress(blocks);
        var frames = OptimisticChannelFrame.Split(channel, MaxBlobBytes);
        var posted = frames.Sum(f => f.Length);
        var perTransfer = (double)posted / Transfers;
        output.WriteLine($"{Transfers} transfers in {blocks.Count} blocks: channel {channel.Length} B in {frames.Count} blobs, {posted} B posted, {perTransfer:F1} B/transfer");
        Assert.True(frames.Count >= 3);
        Assert.True(perTransfer <= 80, $"{perTransfer:F1} B/transfer");

        // What derivation reads back is exactly the sequencer's blocks (replay to equal roots: Lamina.L2.Optimistic.Tests).
        AssertSame(blocks, OptimisticChannelPayload.Decompress(OptimisticChannelFrame.Assemble([.. frames.Select(f => OptimisticChannelFrame.Decode(f))])));
    }
}
