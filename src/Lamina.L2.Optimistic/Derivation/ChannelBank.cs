using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// Collects channel frames from blobs until a channel is whole (after OP Stack's channel bank). A channel whose frames
/// do not all arrive within <c>timeout</c> L1 blocks of its first is dropped; a frame that is malformed, or repeats one
/// already held, is ignored; a channel already read is not read twice (a batcher that reposts after a crash). A completed
/// channel comes with the blobs it was read from (<see cref="CompletedChannel.Frames"/>): a challenger shows L1 those
/// blobs to derive the channel's blocks in a dispute game.
/// </summary>
public sealed class ChannelBank(ulong timeout)
{
    private readonly Dictionary<Hash256, Pending> _pending = [];
    private readonly HashSet<Hash256> _read = [];

    private sealed class Pending(ulong firstHeight)
    {
        public ulong FirstHeight { get; } = firstHeight;
        public List<OptimisticChannelFrame> Frames { get; } = [];
        public List<ChannelSourceFrame> Sources { get; } = [];
    }

    public int PendingCount => _pending.Count;

    /// <summary>Adds one blob's bytes seen at <paramref name="height"/>; returns the channel's bytes when this frame completes it.</summary>
    public byte[]? Add(ulong height, byte[] blob) => Add(height, blob, null)?.Bytes;

    /// <summary>Adds one blob seen at <paramref name="height"/> from <paramref name="location"/>; returns the channel when this frame completes it.</summary>
    public CompletedChannel? Add(ulong height, byte[] blob, BatchBlobLocation? location)
    {
        OptimisticChannelFrame frame;
        try
        {
            frame = OptimisticChannelFrame.Decode(blob);
        }
        catch (CodecException)
        {
            return null;
        }
        if (_read.Contains(frame.ChannelId)) return null;
        if (!_pending.TryGetValue(frame.ChannelId, out var pending)) _pending[frame.ChannelId] = pending = new Pending(height);
        foreach (var held in pending.Frames)
        {
            if (held.Index == frame.Index || held.Count != frame.Count) return null;
        }
        pending.Frames.Add(frame);
        pending.Sources.Add(new ChannelSourceFrame(location, blob));
        if (pending.Frames.Count < frame.Count) return null;

        _pending.Remove(frame.ChannelId);
        try
        {
            var channel = OptimisticChannelFrame.Assemble(pending.Frames);
            _read.Add(frame.ChannelId);
            return new CompletedChannel(channel, pending.Sources);
        }
        catch (CodecException)
        {
            return null;
        }
    }

    /// <summary>Drops channels that started more than the timeout before <paramref name="height"/>.</summary>
    public void Expire(ulong height)
    {
        List<Hash256>? expired = null;
        foreach (var (id, pending) in _pending)
        {
            if (height - pending.FirstHeight > timeout) (expired ??= []).Add(id);
        }
        if (expired is null) return;
        foreach (var id in expired) _pending.Remove(id);
    }
}
