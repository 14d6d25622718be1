using RocksDbSharp;

namespace Lamina.Storage;

/// <summary>A RocksDB snapshot: reads through it see the sequence number at which it was taken.</summary>
internal sealed class RocksDbSnapshot : IKeyValueSnapshot, INativeChild
{
    private readonly RocksDbStore _store;
    private readonly Snapshot _snapshot;
    private readonly ReadOptions _readOptions;
    private volatile bool _released;

    private RocksDbSnapshot(RocksDbStore store, Snapshot snapshot)
    {
        _store = store;
        _snapshot = snapshot;
        _readOptions = new ReadOptions().SetSnapshot(snapshot);
    }

    public int ReleaseOrder => 1;

    /// <summary>Takes a snapshot; call inside a lease.</summary>
    internal static RocksDbSnapshot Create(RocksDbStore store, RocksDb db)
    {
        var snapshot = new RocksDbSnapshot(store, db.CreateSnapshot());
        store.Lifetime.Track(snapshot);
        return snapshot;
    }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key)
    {
        using var lease = Enter();
        return _store.GetCore(column, key, _readOptions);
    }

    public bool Contains(Column column, ReadOnlySpan<byte> key)
    {
        using var lease = Enter();
        return _store.ContainsCore(column, key, _readOptions);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        return _store.Scan(column, this, prefix, from, backward: false);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        return _store.Scan(column, this, prefix, from: null, backward: true);
    }

    /// <summary>The native snapshot, for opening iterators; call inside a lease.</summary>
    internal Snapshot Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_released, this);
            return _snapshot;
        }
    }

    public void ReleaseNative()
    {
        _released = true;
        _snapshot.Dispose();
    }

    public void Dispose() => _store.Lifetime.ReleaseByOwner(this);

    private NativeLifetime.Lease Enter()
    {
        var lease = _store.Lifetime.Enter();
        if (_released)
        {
            lease.Dispose();
            throw new ObjectDisposedException(nameof(IKeyValueSnapshot));
        }
        return lease;
    }
}
