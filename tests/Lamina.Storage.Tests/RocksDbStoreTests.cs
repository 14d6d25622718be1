namespace Lamina.Storage.Tests;

/// <summary>RocksDB against the shared contract; each store lives in its own directory under one temp root.</summary>
public sealed class RocksDbStoreTests : KeyValueStoreContract
{
    /// <summary>Small caches and memtables: tests open many stores and must not each reserve a node's worth.</summary>
    internal static readonly RocksDbStoreOptions TestOptions = new()
    {
        BlockCacheBytes = 4 * 1024 * 1024,
        WriteBufferBytes = 4 * 1024 * 1024,
        BackgroundThreads = 2,
    };

    private readonly TempDirectory _root = new();
    private int _next;

    protected override IKeyValueStore CreateEmptyStore() =>
        RocksDbStore.Open(_root.Sub($"db{Interlocked.Increment(ref _next)}"), TestOptions);

    public override void Dispose()
    {
        base.Dispose();
        _root.Dispose();
    }
}
