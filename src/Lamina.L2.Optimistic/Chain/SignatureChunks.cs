using System.Runtime.ExceptionServices;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// A block's signatures checked in chunks by workers while the caller applies the block in order: the caller takes
/// chunk k's results as soon as it is done, so execution of the first transactions overlaps the check of the later
/// ones instead of waiting for the whole block's. Chunks are claimed in order by the workers and by the caller: a
/// caller that needs a chunk not done yet checks the next unclaimed one itself (its own, if nobody took it) rather
/// than spin or sleep while signatures are left, and blocks only when every chunk is taken. A signature depends on
/// its transaction alone, so the results are the same as checking one after the other.
/// </summary>
internal sealed class SignatureChunks
{
    /// <summary>Small enough that the caller soon has work, large enough that claiming costs little against 16 verifies.</summary>
    private const int ChunkSize = 16;

    private readonly IReadOnlyList<OptimisticBatchItem> _items;
    private readonly ulong _chainId, _rollupId;
    private readonly VerifiedSignatures? _verified;
    private readonly SignatureCheckedItem?[] _results;
    private readonly bool[] _done;
    private readonly ExceptionDispatchInfo?[] _failures;
    private readonly object _gate = new(); // Monitor.Wait/PulseAll: System.Threading.Lock has no condition wait
    private int _next;

    private SignatureChunks(IReadOnlyList<OptimisticBatchItem> items, ulong chainId, ulong rollupId, VerifiedSignatures? verified)
    {
        (_items, _chainId, _rollupId, _verified) = (items, chainId, rollupId, verified);
        _results = new SignatureCheckedItem?[items.Count];
        _done = new bool[(items.Count + ChunkSize - 1) / ChunkSize];
        _failures = new ExceptionDispatchInfo?[_done.Length];
    }

    /// <param name="verified">Checks this process made already (the sequencer's own derivation); the others are checked here.</param>
    public static SignatureChunks Start(IReadOnlyList<OptimisticBatchItem> items, ulong chainId, ulong rollupId, VerifiedSignatures? verified = null)
    {
        var chunks = new SignatureChunks(items, chainId, rollupId, verified);
        // The caller needs the first chunk at once: it checks that one itself.
        if (chunks.TryClaim(out var first)) chunks.Run(first);
        // One worker per core but the caller's: the caller applies, and checks whenever it would otherwise wait, so it
        // is the last core's checker. A worker on every core as well made one thread more than cores, and the
        // scheduler preempted the caller, whose in-order apply is the critical path (as the sequencer's was).
        var workers = Math.Min(Environment.ProcessorCount - 1, chunks._done.Length - 1);
        for (var w = 0; w < workers; w++)
        {
            _ = Task.Run(() =>
            {
                while (chunks.TryClaim(out var chunk)) chunks.Run(chunk);
            });
        }
        return chunks;
    }

    /// <summary>Item <paramref name="index"/> checked, or null when its signature does not verify.</summary>
    public SignatureCheckedItem? Get(int index)
    {
        var chunk = index / ChunkSize;
        while (!Volatile.Read(ref _done[chunk]))
        {
            if (TryClaim(out var other))
            {
                Run(other);
                continue;
            }
            lock (_gate)
            {
                while (!Volatile.Read(ref _done[chunk])) Monitor.Wait(_gate);
            }
        }
        _failures[chunk]?.Throw();
        return _results[index];
    }

    /// <summary>The checks of the items from <paramref name="offset"/> on, numbered from 0 (one block's share of a channel's).</summary>
    public SignatureChecks From(int offset) => new(this, offset);

    private bool TryClaim(out int chunk)
    {
        chunk = Interlocked.Increment(ref _next) - 1;
        return chunk < _done.Length;
    }

    private void Run(int chunk)
    {
        var end = Math.Min(_items.Count, (chunk + 1) * ChunkSize);
        try
        {
            for (var i = chunk * ChunkSize; i < end; i++)
                _results[i] = _verified?.Take(_items[i], _chainId, _rollupId) ?? SignatureCheckedItem.TryCheck(_items[i], _chainId, _rollupId);
        }
        catch (Exception e)
        {
            // Surfaces in the caller's Get for this chunk, as a faulted task's exception did.
            _failures[chunk] = ExceptionDispatchInfo.Capture(e);
        }
        lock (_gate)
        {
            Volatile.Write(ref _done[chunk], true);
            Monitor.PulseAll(_gate);
        }
    }
}

/// <summary>A block's transactions' signature checks, started ahead (for a whole channel, so checking never waits for a block boundary).</summary>
internal readonly struct SignatureChecks(SignatureChunks chunks, int offset)
{
    public SignatureCheckedItem? Get(int index) => chunks.Get(offset + index);
}
