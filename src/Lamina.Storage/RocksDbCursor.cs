using RocksDbSharp;

namespace Lamina.Storage;

/// <summary>
/// One RocksDB iterator positioned for a prefix/range scan, stepped under leases of the store's lifetime.
/// The iterator pins an implicit snapshot when created, so a scan sees one consistent state.
/// </summary>
internal sealed class RocksDbCursor : INativeChild, IDisposable
{
    private readonly NativeLifetime _lifetime;
    private readonly Iterator _iterator;
    // The read options own the native copies of the bounds the iterator points into; they are freed by a
    // finalizer, so keep them reachable for as long as the iterator exists.
    private readonly ReadOptions _readOptions;
    private readonly byte[] _prefix;
    private readonly bool _backward;
    private bool _started;
    private bool _released;

    private RocksDbCursor(NativeLifetime lifetime, Iterator iterator, ReadOptions readOptions, byte[] prefix, bool backward)
    {
        _lifetime = lifetime;
        _iterator = iterator;
        _readOptions = readOptions;
        _prefix = prefix;
        _backward = backward;
    }

    public int ReleaseOrder => 0;

    /// <summary>Creates and positions an iterator; call inside a lease.</summary>
    public static RocksDbCursor Open(
        NativeLifetime lifetime, RocksDb db, ColumnFamilyHandle column, Snapshot? snapshot,
        byte[] prefix, byte[]? from, bool backward)
    {
        // Bounds let RocksDB stop at the prefix edge instead of reading (and caching) the next block range.
        var readOptions = new ReadOptions();
        if (snapshot is not null) readOptions.SetSnapshot(snapshot);
        byte[]? upper = KeyRange.PrefixUpperBound(prefix);
        if (upper is not null) readOptions.SetIterateUpperBound(upper);
        if (prefix.Length > 0) readOptions.SetIterateLowerBound(prefix);

        var iterator = db.NewIterator(column, readOptions);
        try
        {
            if (backward)
                iterator.SeekToLast(); // honours the upper bound: lands on the last key below it
            else if (from is null && prefix.Length == 0)
                iterator.SeekToFirst();
            else
                iterator.Seek(KeyRange.ForwardStart(prefix, from));
        }
        catch
        {
            iterator.Dispose();
            throw;
        }

        var cursor = new RocksDbCursor(lifetime, iterator, readOptions, prefix, backward);
        lifetime.Track(cursor);
        return cursor;
    }

    /// <summary>Advances to the next entry in scan order; false at the end of the range.</summary>
    public bool TryNext(out KeyValuePair<byte[], byte[]> entry)
    {
        using var lease = _lifetime.Enter();
        // After the store closed, Enter throws; _released alone means the owner disposed us mid-scan.
        ObjectDisposedException.ThrowIf(_released, this);

        if (_started)
        {
            if (_backward) _iterator.Prev();
            else _iterator.Next();
        }
        _started = true;

        if (!_iterator.Valid())
        {
            // Invalid means "end of range" or "I/O error / corruption"; only the status tells them apart.
            try
            {
                Native.Instance.rocksdb_iter_get_error(_iterator.Handle);
            }
            catch (RocksDbException ex)
            {
                throw RocksDbErrors.Translate(ex, path: null, "iterating");
            }
            entry = default;
            return false;
        }
        // The bounds already enforce the prefix except when it has no upper bound (all 0xFF); check anyway.
        if (!KeyRange.HasPrefix(_iterator.GetKeySpan(), _prefix))
        {
            entry = default;
            return false;
        }
        entry = new KeyValuePair<byte[], byte[]>(_iterator.Key(), _iterator.Value());
        return true;
    }

    public void ReleaseNative()
    {
        _released = true;
        _iterator.Dispose();
        GC.KeepAlive(_readOptions);
    }

    public void Dispose() => _lifetime.ReleaseByOwner(this);
}
