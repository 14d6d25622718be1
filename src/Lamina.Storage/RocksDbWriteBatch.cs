using RocksDbSharp;

namespace Lamina.Storage;

/// <summary>
/// A native RocksDB write batch. Keys and values are copied into it on <see cref="Put"/>, so callers may reuse
/// their buffers. Not thread-safe: one writer fills a batch, then hands it to <see cref="RocksDbStore.Write"/>.
/// </summary>
internal sealed class RocksDbWriteBatch : IWriteBatch
{
    private readonly RocksDbStore _owner;
    private WriteBatch? _batch = new();

    public RocksDbWriteBatch(RocksDbStore owner)
    {
        _owner = owner;
    }

    public RocksDbStore Owner => _owner;

    public int Count { get; private set; }

    internal WriteBatch Native => _batch ?? throw new ObjectDisposedException(nameof(IWriteBatch));

    public void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var batch = Native;
        // The column family handle is native memory owned by the store; hold a lease while reading it.
        using var lease = _owner.Lifetime.Enter();
        batch.Put(key, value, _owner.Handle(column));
        Count++;
    }

    public void Delete(Column column, ReadOnlySpan<byte> key)
    {
        var batch = Native;
        using var lease = _owner.Lifetime.Enter();
        batch.Delete(key, _owner.Handle(column));
        Count++;
    }

    public void Dispose()
    {
        // A write batch is independent of the database, so it may outlive the store.
        Interlocked.Exchange(ref _batch, null)?.Dispose();
    }
}
