using System.Collections.Immutable;

namespace Lamina.Storage;

/// <summary>
/// A volatile, in-process store <b>for unit tests and simulation only</b>; nodes always use
/// <see cref="RocksDbStore"/>. It honours the same contract (memcmp key order, atomic batches, snapshots),
/// which the shared contract tests check against both backends.
/// </summary>
/// <remarks>
/// Thread-safe. Each write publishes a new immutable <see cref="InMemoryState"/>; readers and snapshots use
/// whichever state was current when they started, without locks. Writes are serialised by a lock.
/// <c>sync</c> is ignored: nothing here survives the process.
/// </remarks>
public sealed class InMemoryStore : IKeyValueStore
{
    private readonly Lock _writeGate = new();
    private volatile InMemoryState _state = InMemoryState.Empty;
    private volatile bool _disposed;

    public IWriteBatch CreateBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new InMemoryWriteBatch(this);
    }

    public void Write(IWriteBatch batch, bool sync = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is not InMemoryWriteBatch memoryBatch || !ReferenceEquals(memoryBatch.Owner, this))
            throw new ArgumentException("the batch was not created by this store's CreateBatch()", nameof(batch));
        var operations = memoryBatch.Operations;

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var current = _state;
            var builders = new ImmutableSortedSet<KeyValuePair<byte[], byte[]>>.Builder?[Columns.Count];
            foreach (var op in operations)
            {
                var builder = builders[op.Column] ??= current.Column(op.Column).ToBuilder();
                // A set with a key-only comparer keeps the existing element on Add, so replace = remove + add.
                builder.Remove(InMemoryState.Probe(op.Key));
                if (op.Value is not null) builder.Add(new KeyValuePair<byte[], byte[]>(op.Key, op.Value));
            }

            var columns = current.CopyColumns();
            for (int i = 0; i < builders.Length; i++)
                if (builders[i] is { } builder) columns[i] = builder.ToImmutable();
            // One reference assignment publishes the whole batch: readers see all of it or none.
            _state = new InMemoryState(columns);
        }
    }

    public IKeyValueSnapshot CreateSnapshot()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new InMemorySnapshot(this, _state);
    }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key) => Current.Get(column, key);

    public bool Contains(Column column, ReadOnlySpan<byte> key) => Current.Contains(column, key);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null)
    {
        Columns.IndexOf(column);
        return Deferred(state => state.Iterate(column, prefix, from));
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null)
    {
        Columns.IndexOf(column);
        return Deferred(state => state.IterateBackward(column, prefix));
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _disposed = true;
            _state = InMemoryState.Empty;
        }
    }

    /// <summary>
    /// Picks the state on the first MoveNext, not when Iterate is called, matching RocksDB, whose iterator
    /// (and so its implicit snapshot) is created on the first MoveNext.
    /// </summary>
    private IEnumerable<KeyValuePair<byte[], byte[]>> Deferred(Func<InMemoryState, IEnumerable<KeyValuePair<byte[], byte[]>>> scan)
    {
        foreach (var entry in scan(Current))
        {
            // Like RocksDB, closing the store ends scans still in progress.
            ObjectDisposedException.ThrowIf(_disposed, this);
            yield return entry;
        }
    }

    internal bool IsDisposed => _disposed;

    private InMemoryState Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _state;
        }
    }
}
