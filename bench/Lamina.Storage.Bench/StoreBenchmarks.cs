using System.Diagnostics;

namespace Lamina.Storage.Bench;

/// <summary>The scenarios; each runs against a store the caller opened.</summary>
internal static class StoreBenchmarks
{
    private const long EntryBytes = Workload.KeySize + Workload.ValueSize;

    public static BenchResult SequentialWrites(IKeyValueStore store, Workload workload, int batchSize, bool sync, string name)
    {
        Span<byte> key = stackalloc byte[Workload.KeySize];
        var stopwatch = Stopwatch.StartNew();
        for (long start = 0; start < workload.Entries; start += batchSize)
        {
            using var batch = store.CreateBatch();
            long end = Math.Min(start + batchSize, workload.Entries);
            for (long i = start; i < end; i++)
            {
                Workload.SequentialKey(key, i);
                batch.Put(Column.Blocks, key, workload.Value(i));
            }
            store.Write(batch, sync);
        }
        stopwatch.Stop();
        return new BenchResult(name, workload.Entries, stopwatch.Elapsed, workload.Entries * EntryBytes);
    }

    public static BenchResult RandomWrites(IKeyValueStore store, Workload workload, int batchSize, bool sync, string name)
    {
        var stopwatch = Stopwatch.StartNew();
        for (int start = 0; start < workload.Entries; start += batchSize)
        {
            using var batch = store.CreateBatch();
            int end = Math.Min(start + batchSize, workload.Entries);
            for (int i = start; i < end; i++)
                batch.Put(Column.StateNodes, workload.RandomKeys[i], workload.Value(i));
            store.Write(batch, sync);
        }
        stopwatch.Stop();
        return new BenchResult(name, workload.Entries, stopwatch.Elapsed, workload.Entries * EntryBytes);
    }

    /// <summary>Point reads of present keys in random order; every read must hit, or the run is invalid.</summary>
    public static BenchResult RandomReads(IKeyValueReader reader, Workload workload, Column column, bool sequentialKeys, string name)
    {
        Span<byte> key = stackalloc byte[Workload.KeySize];
        long bytes = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (int index in workload.ReadOrder)
        {
            if (sequentialKeys) Workload.SequentialKey(key, index);
            else workload.RandomKeys[index].CopyTo(key);
            byte[] value = reader.Get(column, key) ?? throw new InvalidOperationException($"Key {index} missing: benchmark invalid.");
            bytes += Workload.KeySize + value.Length;
        }
        stopwatch.Stop();
        return new BenchResult(name, workload.Entries, stopwatch.Elapsed, bytes);
    }

    /// <summary>Point reads of absent keys: measures how well bloom filters avoid touching data blocks.</summary>
    public static BenchResult MissingReads(IKeyValueReader reader, Workload workload, string name)
    {
        Span<byte> key = stackalloc byte[Workload.KeySize];
        var stopwatch = Stopwatch.StartNew();
        foreach (int index in workload.ReadOrder)
        {
            workload.RandomKeys[index].CopyTo(key);
            key[0] ^= 0x5A; // almost surely absent
            if (reader.Get(Column.StateNodes, key) is not null)
                throw new InvalidOperationException("Unexpected hit: benchmark invalid.");
        }
        stopwatch.Stop();
        return new BenchResult(name, workload.Entries, stopwatch.Elapsed, workload.Entries * (long)Workload.KeySize);
    }

    public static BenchResult FullScan(IKeyValueReader reader, Column column, string name)
    {
        long count = 0, bytes = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var entry in reader.Iterate(column))
        {
            count++;
            bytes += entry.Key.Length + entry.Value.Length;
        }
        stopwatch.Stop();
        return new BenchResult(name, count, stopwatch.Elapsed, bytes);
    }
}
