namespace Lamina.Storage;

/// <summary>Tuning for <see cref="RocksDbStore"/>; the defaults suit a node on a laptop or small server.</summary>
public sealed record RocksDbStoreOptions
{
    public static RocksDbStoreOptions Default { get; } = new();

    /// <summary>Size of the LRU block cache shared by all column families.</summary>
    public ulong BlockCacheBytes { get; init; } = 128UL * 1024 * 1024;

    /// <summary>Bloom filter density; 10 bits per key gives about 1% false positives on point lookups of absent keys.</summary>
    public int BloomBitsPerKey { get; init; } = 10;

    /// <summary>Memtable size per column family before it is flushed to an SST file.</summary>
    public ulong WriteBufferBytes { get; init; } = 32UL * 1024 * 1024;

    /// <summary>Cap on open SST files, so a large database cannot exhaust the process's file descriptors.</summary>
    public int MaxOpenFiles { get; init; } = 1024;

    /// <summary>Background flush/compaction threads; defaults to the core count.</summary>
    public int BackgroundThreads { get; init; } = Math.Max(2, Environment.ProcessorCount);
}
