namespace Lamina.Storage;

/// <summary>
/// An ordered key-value store with column families, atomic write batches and point-in-time snapshots.
/// Keys are compared as unsigned bytes (memcmp order) in every backend.
/// </summary>
public interface IKeyValueStore : IKeyValueReader, IDisposable
{
    /// <summary>Starts a batch of writes that <see cref="Write"/> applies atomically.</summary>
    IWriteBatch CreateBatch();

    /// <summary>
    /// Applies every operation in <paramref name="batch"/> atomically: after a crash either all or none are visible.
    /// With <paramref name="sync"/> the call returns only once the batch is durable (fsync of the WAL).
    /// </summary>
    void Write(IWriteBatch batch, bool sync = true);

    /// <summary>A consistent read-only view of the store as of now; later writes are invisible to it.</summary>
    IKeyValueSnapshot CreateSnapshot();
}

/// <summary>Read access shared by the live store and its snapshots.</summary>
public interface IKeyValueReader
{
    /// <summary>The value under <paramref name="key"/>, or null when absent.</summary>
    byte[]? Get(Column column, ReadOnlySpan<byte> key);

    /// <summary>True when <paramref name="key"/> is present.</summary>
    bool Contains(Column column, ReadOnlySpan<byte> key);

    /// <summary>
    /// Entries in ascending key order whose key starts with <paramref name="prefix"/> (all entries when empty),
    /// beginning at the first key ≥ <paramref name="from"/> when given.
    /// </summary>
    /// <remarks>
    /// Lazy: nothing is read until the first MoveNext, and from then on the scan sees one consistent state
    /// (writes made during the scan are invisible to it). Dispose the enumerator (foreach does) to release
    /// the underlying iterator promptly.
    /// </remarks>
    IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null);

    /// <summary>Entries in descending key order with the given prefix (used to find the newest entry).</summary>
    /// <remarks>Lazy and consistent like <see cref="Iterate"/>.</remarks>
    IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null);
}

/// <summary>A point-in-time view; dispose it to release the underlying resources.</summary>
public interface IKeyValueSnapshot : IKeyValueReader, IDisposable;

/// <summary>Buffered writes, applied atomically by <see cref="IKeyValueStore.Write"/>.</summary>
/// <remarks>
/// Keys and values are copied into the batch, so callers may reuse their buffers. Not thread-safe.
/// Later operations on the same key win. Only the store that created a batch may write it.
/// </remarks>
public interface IWriteBatch : IDisposable
{
    void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
    void Delete(Column column, ReadOnlySpan<byte> key);
    /// <summary>Number of operations buffered so far.</summary>
    int Count { get; }
}
