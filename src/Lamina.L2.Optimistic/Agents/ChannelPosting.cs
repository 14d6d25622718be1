using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Sequencing;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The sequencer's posting: every journaled block not yet posted goes out in channels, each journaled before its first
/// blob and reposted unchanged after a crash (never a different batch for the same range). It runs outside the
/// sequencer's lock (compression and the synced writes would hold up admission), reading journaled blocks one at a
/// time; one post at a time, and a reset onto derivation holds <see cref="HoldAsync"/> so it never interleaves with one.
/// </summary>
internal sealed class ChannelPosting(SequencerJournal journal, IBatchPoster poster, int maxBlobBytes)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Batcher _batcher = new(maxBlobBytes);
    private ulong _posted;

    /// <summary>The last L2 block posted (its channel's batch reference is on L1).</summary>
    public ulong Posted => Volatile.Read(ref _posted);

    public void Restore() => Volatile.Write(ref _posted, journal.Posted);

    /// <summary>Posts channels until every block up to <paramref name="head"/>'s answer is posted.</summary>
    public async Task PostAsync(Func<ulong, L2Block?> blocks, Func<ulong> head, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                IReadOnlyList<byte[]> blobs;
                ulong last;
                var posted = _posted;
                if (journal.PreparedChannel(posted + 1) is { } prepared)
                {
                    last = prepared.LastBlock;
                    blobs = OptimisticChannelFrame.Split(prepared.Channel, maxBlobBytes);
                }
                else if (_batcher.Prepare(blocks, posted, head()) is { } channel)
                {
                    journal.ChannelPrepared(channel);
                    last = channel.LastBlock;
                    blobs = channel.Blobs;
                }
                else return;
                await poster.PostAsync(blobs, cancellationToken);
                journal.ChannelPosted(last);
                Volatile.Write(ref _posted, last);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the post in flight and keeps any other from starting until disposed.</summary>
    public async Task<IDisposable> HoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    /// <summary>After a reset (journaled with <see cref="SequencerJournal.Reorg"/>): everything through <paramref name="posted"/> counts as posted.</summary>
    public void ResetTo(ulong posted) => Volatile.Write(ref _posted, posted);

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
