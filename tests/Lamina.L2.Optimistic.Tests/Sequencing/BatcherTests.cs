using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Sequencing;

/// <summary>
/// Channels are at most <see cref="OptimisticChannelFrame.MaxFrames"/> blobs, the most one L1 transaction can show a
/// dispute game that derives a block's list on L1: the batcher cuts a backlog to fit, derivation refuses a frame that
/// says more, and the chain derived from the cut channels is the sequencer's.
/// </summary>
public sealed class BatcherTests
{
    private const int SmallBlob = 4_096;

    /// <summary>A sequencer with nine blocks of <paramref name="perBlock"/> transfers each (after the deposits' block), blobs of <see cref="SmallBlob"/> bytes.</summary>
    private static RollupHarness Backlog(int perBlock)
    {
        var harness = new RollupHarness(RollupHarness.Config(), maxBlobBytes: SmallBlob);
        harness.AddL1Block([(TestKeys.Key(0).Address, 10_000_000), (TestKeys.Key(1).Address, 10_000_000)], [], []);
        var nonces = new ulong[2];
        harness.RunL2Interval(tick =>
        {
            if (tick == 0) return; // the deposits are credited by the first block
            for (var i = 0; i < perBlock; i++)
            {
                var sender = i % 2;
                harness.Sequencer.Submit(TestKeys.Transfer(sender, TestKeys.Addr((byte)(0x40 + i % 7)), 1 + (ulong)i, nonces[sender]++));
            }
        });
        return harness;
    }

    [Fact]
    public void A_backlog_goes_out_in_channels_of_at_most_three_blobs_that_derive_to_the_sequencer_head()
    {
        var harness = Backlog(perBlock: 40);
        var head = harness.Sequencer.Head.Number;
        // A payload limit far above three blobs: the batcher halves the range until the channel fits.
        var channels = new Batcher(SmallBlob, maxChannelPayload: 1 << 20).PrepareAll(harness.Sequencer.GetBlock, 0, head);
        Assert.True(channels.Count > 1, $"{channels.Count} channel(s)");
        var next = 1UL;
        foreach (var channel in channels)
        {
            Assert.InRange(channel.Blobs.Count, 1, OptimisticChannelFrame.MaxFrames);
            Assert.Equal(next, channel.FirstBlock);
            next = channel.LastBlock + 1;
        }
        Assert.Equal(head + 1, next);

        harness.AddL1Block([], [], harness.PostBatch());
        var verifier = harness.Derive();
        Assert.Empty(verifier.Rejected);
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
    }

    [Fact]
    public void A_block_too_big_for_three_blobs_is_refused_and_so_is_a_frame_of_a_longer_channel()
    {
        var harness = Backlog(perBlock: 400);
        var e = Assert.Throws<InvalidOperationException>(() => harness.Batcher.PrepareAll(harness.Sequencer.GetBlock, 0, harness.Sequencer.Head.Number));
        Assert.Contains("more than 3 blobs", e.Message, StringComparison.Ordinal);

        var data = new byte[100];
        var id = OptimisticChannelFrame.IdOf(data);
        var longer = new OptimisticChannelFrame(id, 0, OptimisticChannelFrame.MaxFrames + 1, data).Encode();
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => OptimisticChannelFrame.Decode(longer)).Error);
        Assert.Throws<ArgumentException>(() => OptimisticChannelFrame.Split(new byte[4 * SmallBlob], SmallBlob));
    }

    [Fact]
    public void A_full_block_of_worst_case_transfers_fits_one_channel()
    {
        // Every sender new and distinct (its key spelled out), every recipient distinct, amounts, fees and nonces that
        // need their full width: the most a block of the sequencer's limit can take in a channel.
        var items = new List<OptimisticBatchItem>(SequencerCore.MaxPendingTransactions);
        var seed = new byte[32];
        for (var i = 0; i < SequencerCore.MaxPendingTransactions; i++)
        {
            BitConverter.TryWriteBytes(seed, i + 1);
            using var key = SigningKey.FromSeed(seed);
            var recipient = new Address(DomainHasher.Hash(new DomainTag("test/recipient"), seed).ToArray()[..Address.Size]);
            var x = (ulong)i * 0x9E3779B97F4A7C15UL;
            items.Add(OptimisticBatchItem.From(OptimisticTransfer.Create(key, TestKeys.ChainId, TestKeys.RollupId, recipient, x | (1UL << 63), x >> 3 | (1UL << 59), x >> 1)));
        }
        var channel = OptimisticChannelPayload.Compress([new OptimisticBatchBlock(1, 1_000, 10, 0, items)]);
        var frames = OptimisticChannelFrame.Split(channel, 130_048);
        Assert.InRange(frames.Count, 1, OptimisticChannelFrame.MaxFrames);
    }
}
