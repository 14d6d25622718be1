using Lamina.Core.Crypto;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Sequencing;

/// <summary>One channel ready to post: the L2 blocks it covers and the blobs (channel frames) that carry it.</summary>
public sealed record PreparedChannel(ulong FirstBlock, ulong LastBlock, byte[] Channel, IReadOnlyList<byte[]> Blobs);

/// <summary>
/// Turns the unsafe chain into channels (after OP Stack's batcher): consecutive blocks after the last posted one,
/// compressed together so the key tables amortise, cut into frames that fit a blob. A channel ends before a block
/// whose transactions cannot share the key tables with the earlier ones (a sender's nonces are implied to count up,
/// which a forced transaction in between breaks), or when it reaches <paramref name="maxChannelPayload"/> bytes (about:
/// 100 bytes a transaction; by default what three blobs carry). A channel never takes more than
/// <see cref="OptimisticChannelFrame.MaxFrames"/> blobs, the most a dispute game can derive on L1: a range that
/// compresses to more is halved until it fits (the sequencer's block limit makes every single block fit).
/// </summary>
public sealed class Batcher(int maxBlobBytes, int? maxChannelPayload = null)
{
    private readonly int _maxChannelPayload = maxChannelPayload ?? OptimisticChannelFrame.MaxFrames * maxBlobBytes;

    public PreparedChannel? Prepare(Func<ulong, L2Block?> blocks, ulong lastPosted, ulong head)
    {
        if (head <= lastPosted) return null;
        var batch = new List<OptimisticBatchBlock>();
        var nextNonce = new Dictionary<PublicKey, ulong>();
        var approximate = 0;
        for (var number = lastPosted + 1; number <= head; number++)
        {
            var block = blocks(number) ?? throw new InvalidOperationException($"block {number} is missing");
            var parent = blocks(number - 1) ?? throw new InvalidOperationException($"block {number - 1} is missing");
            var batchBlock = SequencerCore.ToBatchBlock(block, parent.Header);
            if (!ContinuesNonces(nextNonce, batchBlock))
            {
                if (batch.Count == 0) throw new InvalidOperationException($"block {number} cannot be encoded alone");
                break;
            }
            batch.Add(batchBlock);
            approximate += 8 + block.Transactions.Count * 100;
            if (approximate >= _maxChannelPayload) break;
        }
        var channel = OptimisticChannelPayload.Compress(batch);
        while (OptimisticChannelFrame.CountFor(channel.Length, maxBlobBytes) > OptimisticChannelFrame.MaxFrames)
        {
            if (batch.Count == 1)
                throw new InvalidOperationException($"block {batch[0].Number} alone compresses to {channel.Length} bytes, more than {OptimisticChannelFrame.MaxFrames} blobs");
            batch.RemoveRange(batch.Count / 2, batch.Count - batch.Count / 2);
            channel = OptimisticChannelPayload.Compress(batch);
        }
        return new PreparedChannel(batch[0].Number, batch[^1].Number, channel, OptimisticChannelFrame.Split(channel, maxBlobBytes));
    }

    /// <summary>Every channel from <paramref name="lastPosted"/> + 1 to <paramref name="head"/>, in order (a backlog posted at once).</summary>
    public IReadOnlyList<PreparedChannel> PrepareAll(Func<ulong, L2Block?> blocks, ulong lastPosted, ulong head)
    {
        var channels = new List<PreparedChannel>();
        while (Prepare(blocks, lastPosted, head) is { } channel)
        {
            channels.Add(channel);
            lastPosted = channel.LastBlock;
        }
        return channels;
    }


    /// <summary>Whether the block's transactions continue every sender's implied nonces; records them if so.</summary>
    private static bool ContinuesNonces(Dictionary<PublicKey, ulong> nextNonce, OptimisticBatchBlock block)
    {
        var updates = new Dictionary<PublicKey, ulong>();
        foreach (var item in block.Transactions)
        {
            if ((updates.TryGetValue(item.Sender, out var next) || nextNonce.TryGetValue(item.Sender, out next)) && next != item.Nonce) return false;
            updates[item.Sender] = item.Nonce + 1;
        }
        foreach (var (sender, next) in updates) nextNonce[sender] = next;
        return true;
    }
}
