using System.Globalization;
using System.Runtime.InteropServices;
using Lamina.Storage;
using Lamina.Storage.Bench;

// Usage: dotnet run -c Release --project bench/Lamina.Storage.Bench -- [--entries N] [--batch N] [--sync-entries N] [--commits N] [--dir PATH]
// The directory must be on the disk you care about: fsync cost (sync=true) is a property of the device.
int entries = IntArg("--entries", 1_000_000);
int batchSize = IntArg("--batch", 1_000);
int syncEntries = IntArg("--sync-entries", 100_000);
int commits = IntArg("--commits", 2_000);
string root = StringArg("--dir", Path.Combine(Path.GetTempPath(), "lamina-storage-bench-" + Environment.ProcessId));

Console.WriteLine($"Lamina.Storage bench: {entries:N0} entries of {Workload.KeySize} B key + {Workload.ValueSize} B value, batches of {batchSize:N0}");
Console.WriteLine($"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, dir {root}");
// Shared machines skew figures; the load average at start says how much to trust them.
if (File.Exists("/proc/loadavg")) Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine();

var results = new List<BenchResult>();
try
{
    var workload = new Workload(entries, seed: 1);
    var syncWorkload = new Workload(syncEntries, seed: 2);

    // Warm up the JIT and the native library on a throwaway database so the first row is not penalised.
    using (var warm = RocksDbStore.Open(Path.Combine(root, "warmup")))
        StoreBenchmarks.SequentialWrites(warm, new Workload(5_000, seed: 3), batchSize, sync: false, "warmup");

    string dbPath = Path.Combine(root, "db");
    using (var store = RocksDbStore.Open(dbPath))
    {
        results.Add(StoreBenchmarks.SequentialWrites(store, workload, batchSize, sync: false, "sequential write, sync=false"));
        results.Add(StoreBenchmarks.RandomWrites(store, workload, batchSize, sync: false, "random-key write, sync=false"));
        results.Add(StoreBenchmarks.RandomReads(store, workload, Column.Blocks, sequentialKeys: true, "random point read, sequential keys"));
    }
    using (var store = RocksDbStore.Open(Path.Combine(root, "db-sync")))
    {
        results.Add(StoreBenchmarks.SequentialWrites(store, syncWorkload, batchSize, sync: true, "sequential write, sync=true"));
        // One entry per batch: the latency of a durable commit (one fsync), which bounds a validator's commit rate.
        var commitWorkload = new Workload(commits, seed: 4);
        results.Add(StoreBenchmarks.SequentialWrites(store, commitWorkload, 1, sync: true, "1-entry batch, sync=true"));
        results.Add(StoreBenchmarks.SequentialWrites(store, commitWorkload, 1, sync: false, "1-entry batch, sync=false"));
    }

    // Reopening replays the WAL into SST files, so these reads go through the block cache and bloom filters.
    using (var store = RocksDbStore.Open(dbPath))
    {
        results.Add(StoreBenchmarks.RandomReads(store, workload, Column.StateNodes, sequentialKeys: false, "random point read, random keys, reopened"));
        results.Add(StoreBenchmarks.MissingReads(store, workload, "point read of absent key (bloom)"));
        results.Add(StoreBenchmarks.FullScan(store, Column.Blocks, "full forward scan"));
    }

    // The in-memory store is for tests; it is here only so its cost in simulations is known.
    using (var memory = new InMemoryStore())
    {
        results.Add(StoreBenchmarks.SequentialWrites(memory, workload, batchSize, sync: false, "in-memory store: sequential write"));
        results.Add(StoreBenchmarks.RandomReads(memory, workload, Column.Blocks, sequentialKeys: true, "in-memory store: random point read"));
    }
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
        Console.Error.WriteLine($"Could not delete {root}; remove it by hand.");
    }
}

PrintTable(results);
return 0;

static void PrintTable(List<BenchResult> results)
{
    var culture = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Format(culture, "| {0,-41} | {1,9} | {2,8} | {3,12} | {4,8} | {5,8} |", "scenario", "ops", "seconds", "ops/s", "µs/op", "MB/s"));
    Console.WriteLine("|" + new string('-', 43) + "|" + new string('-', 11) + "|" + new string('-', 10) + "|" + new string('-', 14) + "|" + new string('-', 10) + "|" + new string('-', 10) + "|");
    foreach (var r in results)
    {
        Console.WriteLine(string.Format(culture, "| {0,-41} | {1,9:N0} | {2,8:F3} | {3,12:N0} | {4,8:F2} | {5,8:F1} |",
            r.Scenario, r.Operations, r.Elapsed.TotalSeconds, r.OpsPerSecond, r.MicrosecondsPerOp, r.MegabytesPerSecond));
    }
}

int IntArg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string StringArg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
