namespace Lamina.Storage;

/// <summary>
/// Keeps the native RocksDB handle alive while any call is using it, and releases leftover native children
/// (iterators, snapshots) before the database closes. Closing a RocksDB instance under a live iterator or
/// while another thread is inside a native call is use-after-free in C++, i.e. a crash of the whole node,
/// so every native call runs inside a lease and closing waits for the leases to drain.
/// </summary>
/// <remarks>
/// Leases are two interlocked operations, cheap next to a native call. A lease is never held across a
/// <c>yield return</c>, so an abandoned enumerator cannot block shutdown; its iterator is a tracked child instead.
/// </remarks>
internal sealed class NativeLifetime
{
    private readonly Lock _gate = new();
    private readonly HashSet<INativeChild> _children = new(ReferenceEqualityComparer.Instance);
    private readonly string _ownerName;
    private int _active;
    private int _closing;

    public NativeLifetime(string ownerName)
    {
        _ownerName = ownerName;
    }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Starts a native call; throws <see cref="ObjectDisposedException"/> once closing began.</summary>
    public Lease Enter()
    {
        if (!TryEnter()) throw new ObjectDisposedException(_ownerName);
        return new Lease(this);
    }

    public bool TryEnter()
    {
        // Increment first, then check: paired with Close (set flag, then read count) through full fences,
        // either Close sees our count or we see its flag.
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _closing) != 0)
        {
            Interlocked.Decrement(ref _active);
            return false;
        }
        return true;
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    /// <summary>Registers a child so that closing releases it if its owner never does. Call inside a lease.</summary>
    public void Track(INativeChild child)
    {
        lock (_gate) _children.Add(child);
    }

    /// <summary>
    /// Releases <paramref name="child"/> on behalf of its owner, unless closing already took it over
    /// (then closing releases it). Safe to call more than once.
    /// </summary>
    public void ReleaseByOwner(INativeChild child)
    {
        if (!TryEnter()) return;
        try
        {
            bool mine;
            lock (_gate) mine = _children.Remove(child);
            if (mine) child.ReleaseNative();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Stops new calls, waits for running ones, then releases orphaned children (iterators before snapshots).
    /// Returns false when another caller already closed, so disposal is idempotent across threads.
    /// </summary>
    public bool Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return false;
        var spin = new SpinWait();
        while (Volatile.Read(ref _active) != 0) spin.SpinOnce();

        INativeChild[] orphans;
        lock (_gate)
        {
            orphans = [.. _children];
            _children.Clear();
        }
        // Iterators may reference a snapshot's sequence number; release them first.
        foreach (var child in orphans)
            if (child.ReleaseOrder == 0) child.ReleaseNative();
        foreach (var child in orphans)
            if (child.ReleaseOrder != 0) child.ReleaseNative();
        return true;
    }

    /// <summary>Scope of one native call.</summary>
    public readonly ref struct Lease
    {
        private readonly NativeLifetime _owner;

        public Lease(NativeLifetime owner)
        {
            _owner = owner;
        }

        public void Dispose() => _owner.Exit();
    }
}
