using System.Collections.Concurrent;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// Transactions whose signatures this process already checked (the sequencer's admission), kept until its own
/// derivation meets them in a channel, so the sequencer does not verify every transaction it posted a second time
/// (about as much CPU as sequencing it, on the cores admission needs). A signature's validity depends on the
/// transaction alone, and an entry matches only the identical transaction (every field, the signature included)
/// checked for the same chain and rollup, so derivation's result is the same as checking again. Bounded: past
/// <paramref name="capacity"/> entries nothing more is kept (derivation then checks as any verifier does).
/// </summary>
public sealed class VerifiedSignatures(int capacity = VerifiedSignatures.DefaultCapacity)
{
    /// <summary>About a minute of admission at a thousand transactions a second, twice over.</summary>
    public const int DefaultCapacity = 1 << 17;

    private readonly ConcurrentDictionary<OptimisticBatchItem, SignatureCheckedItem> _checked = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(SignatureCheckedItem item)
    {
        if (Volatile.Read(ref _count) >= capacity) return;
        if (_checked.TryAdd(item.Item, item)) Interlocked.Increment(ref _count);
    }

    /// <summary>The earlier check of exactly <paramref name="item"/> for this chain and rollup, taken out (a transaction is derived once), or null.</summary>
    public SignatureCheckedItem? Take(OptimisticBatchItem item, ulong chainId, ulong rollupId)
    {
        if (!_checked.TryRemove(item, out var earlier)) return null;
        Interlocked.Decrement(ref _count);
        return earlier.ChainId == chainId && earlier.RollupId == rollupId ? earlier : null;
    }
}
