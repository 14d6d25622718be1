using RocksDbSharp;

namespace Lamina.Storage;

/// <summary>
/// The on-disk store every node uses by default: RocksDB with one column family per <see cref="Column"/>
/// (named after the enum member), write-ahead log on, a shared LRU block cache and bloom filters.
/// </summary>
/// <remarks>
/// Thread-safe: reads, writes, snapshots and scans may run concurrently. <see cref="Dispose"/> may race with
/// them; it waits for native calls in flight, releases iterators and snapshots that were never disposed,
/// then closes the database. Calls after that throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class RocksDbStore : IKeyValueStore
{
    private readonly RocksDb _db;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly ReadOptions _readOptions = new();
    private readonly WriteOptions _syncWrite = new WriteOptions().SetSync(true);
    private readonly WriteOptions _asyncWrite = new WriteOptions().SetSync(false);
    // Native option objects are freed by finalizers; keep them reachable for the database's lifetime.
    private readonly object[] _keepAlive;

    private RocksDbStore(string path, RocksDb db, ColumnFamilyHandle[] handles, object[] keepAlive)
    {
        Path = path;
        _db = db;
        _handles = handles;
        _keepAlive = keepAlive;
        Lifetime = new NativeLifetime(nameof(RocksDbStore));
    }

    /// <summary>The database directory.</summary>
    public string Path { get; }

    internal NativeLifetime Lifetime { get; }

    /// <summary>Opens the database at <paramref name="path"/> with default tuning, creating it if missing.</summary>
    /// <exception cref="StorageException">The directory is locked by another process, corrupted, or inaccessible.</exception>
    public static RocksDbStore Open(string path) => Open(path, RocksDbStoreOptions.Default);

    /// <summary>Opens the database at <paramref name="path"/>, creating the directory and column families if missing.</summary>
    /// <exception cref="StorageException">The directory is locked by another process, corrupted, or inaccessible.</exception>
    public static RocksDbStore Open(string path, RocksDbStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        string fullPath = System.IO.Path.GetFullPath(path);

        try
        {
            Directory.CreateDirectory(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw RocksDbErrors.Translate(ex, fullPath, "creating the directory of");
        }

        try
        {
            return OpenCore(fullPath, options);
        }
        catch (Exception ex) when (ex is RocksDbSharpException or DllNotFoundException or BadImageFormatException
                                       or NativeImport.NativeLoadException or EntryPointNotFoundException)
        {
            throw RocksDbErrors.Translate(ex, fullPath, "opening");
        }
    }

    private static RocksDbStore OpenCore(string path, RocksDbStoreOptions options)
    {
        var cache = Cache.CreateLru(options.BlockCacheBytes);
        var bloom = BloomFilterPolicy.Create(options.BloomBitsPerKey, false);
        var table = new BlockBasedTableOptions()
            .SetBlockCache(cache)
            .SetFilterPolicy(bloom)
            .SetFormatVersion(5)
            // Index and filter blocks live in (and are bounded by) the shared cache; L0's stay pinned because
            // every read consults them.
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);
        var columnOptions = new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetWriteBufferSize(options.WriteBufferBytes)
            .SetCompression(Compression.Lz4)
            .SetLevelCompactionDynamicLevelBytes(true);
        var dbOptions = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .SetParanoidChecks(true)
            .IncreaseParallelism(options.BackgroundThreads)
            .SetMaxOpenFiles(options.MaxOpenFiles)
            .SetKeepLogFileNum(5);

        var families = new ColumnFamilies(columnOptions);
        var names = new HashSet<string>(StringComparer.Ordinal) { ColumnFamilies.DefaultName };
        foreach (var column in Columns.All)
        {
            string name = column.ToString();
            families.Add(name, columnOptions);
            names.Add(name);
        }
        // RocksDB refuses to open unless every existing column family is named. Families this version does not
        // know (left by a newer or older schema) are opened and ignored rather than making the node unstartable.
        if (RocksDb.TryListColumnFamilies(dbOptions, path, out var existing))
        {
            foreach (var name in existing)
                if (names.Add(name)) families.Add(name, columnOptions);
        }

        var db = RocksDb.Open(dbOptions, path, families);
        var handles = new ColumnFamilyHandle[Columns.Count];
        try
        {
            foreach (var column in Columns.All)
                handles[(int)column] = db.GetColumnFamily(column.ToString());
        }
        catch
        {
            db.Dispose(); // release the LOCK so a retry is possible
            throw;
        }

        return new RocksDbStore(path, db, handles, [cache, bloom, table, columnOptions, dbOptions, families]);
    }

    public IWriteBatch CreateBatch()
    {
        ObjectDisposedException.ThrowIf(Lifetime.IsClosing, this);
        return new RocksDbWriteBatch(this);
    }

    public void Write(IWriteBatch batch, bool sync = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is not RocksDbWriteBatch rocksBatch || !ReferenceEquals(rocksBatch.Owner, this))
            throw new ArgumentException("the batch was not created by this store's CreateBatch()", nameof(batch));
        var native = rocksBatch.Native;

        using var lease = Lifetime.Enter();
        try
        {
            _db.Write(native, sync ? _syncWrite : _asyncWrite);
        }
        catch (RocksDbSharpException ex)
        {
            throw RocksDbErrors.Translate(ex, Path, "writing to");
        }
    }

    public IKeyValueSnapshot CreateSnapshot()
    {
        using var lease = Lifetime.Enter();
        return RocksDbSnapshot.Create(this, _db);
    }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key)
    {
        using var lease = Lifetime.Enter();
        return GetCore(column, key, _readOptions);
    }

    public bool Contains(Column column, ReadOnlySpan<byte> key)
    {
        using var lease = Lifetime.Enter();
        return ContainsCore(column, key, _readOptions);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null) =>
        Scan(column, snapshot: null, prefix, from, backward: false);

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null) =>
        Scan(column, snapshot: null, prefix, from: null, backward: true);

    /// <summary>
    /// A RocksDB property such as <c>rocksdb.estimate-num-keys</c> or <c>rocksdb.stats</c>, for metrics and
    /// diagnostics; null when the property is unknown.
    /// </summary>
    public string? GetProperty(string name, Column? column = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var lease = Lifetime.Enter();
        try
        {
            return column is { } c ? _db.GetProperty(name, Handle(c)) : _db.GetProperty(name);
        }
        catch (RocksDbSharpException)
        {
            return null;
        }
    }

    /// <summary>Closes the database. Idempotent and safe to call from several threads.</summary>
    public void Dispose()
    {
        if (!Lifetime.Close()) return;
        // Destroys the column family handles, then closes; unflushed memtables are recovered from the WAL.
        _db.Dispose();
        GC.KeepAlive(_keepAlive);
    }

    internal ColumnFamilyHandle Handle(Column column) => _handles[Columns.IndexOf(column)];

    /// <summary>Point read; call inside a lease.</summary>
    internal byte[]? GetCore(Column column, ReadOnlySpan<byte> key, ReadOptions readOptions)
    {
        var handle = Handle(column);
        try
        {
            return _db.Get(key, handle, readOptions);
        }
        catch (RocksDbSharpException ex)
        {
            throw RocksDbErrors.Translate(ex, Path, "reading");
        }
    }

    /// <summary>Presence check; call inside a lease.</summary>
    internal bool ContainsCore(Column column, ReadOnlySpan<byte> key, ReadOptions readOptions)
    {
        var handle = Handle(column);
        try
        {
            return _db.HasKey(key, handle, readOptions);
        }
        catch (RocksDbSharpException ex)
        {
            throw RocksDbErrors.Translate(ex, Path, "reading");
        }
    }

    /// <summary>
    /// A lazy scan: the iterator is created on the first MoveNext (so an enumerable that is never enumerated
    /// holds nothing native) and released by the enumerator's Dispose, or by the store's if it is abandoned.
    /// </summary>
    internal IEnumerable<KeyValuePair<byte[], byte[]>> Scan(
        Column column, RocksDbSnapshot? snapshot, byte[]? prefix, byte[]? from, bool backward)
    {
        Columns.IndexOf(column); // validate eagerly, not on the first MoveNext
        return ScanCore(column, snapshot, prefix ?? [], from, backward);
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> ScanCore(
        Column column, RocksDbSnapshot? snapshot, byte[] prefix, byte[]? from, bool backward)
    {
        RocksDbCursor cursor;
        using (Lifetime.Enter())
        {
            try
            {
                cursor = RocksDbCursor.Open(Lifetime, _db, Handle(column), snapshot?.Native, prefix, from, backward);
            }
            catch (RocksDbSharpException ex)
            {
                throw RocksDbErrors.Translate(ex, Path, "iterating");
            }
        }
        using (cursor)
        {
            while (cursor.TryNext(out var entry))
                yield return entry;
        }
    }
}
