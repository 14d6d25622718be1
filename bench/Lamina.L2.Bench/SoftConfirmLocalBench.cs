using System.Diagnostics;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.Storage;

/// <summary>
/// Soft-confirmation latency through the sequencer role itself, in one process (issue 13: p50 ≤ 100 ms, p99 ≤ 250 ms
/// under the sustained load): the node's <see cref="SequencerAgent"/> with its real admission pipeline, its synced
/// RocksDB journal, its tick loop on the wall clock (a block every 100 ms, a channel every 2 s, as the node's defaults)
/// and its own derivation, over an in-memory L1 that makes a block every second and takes each channel as a batch
/// after a simulated inclusion delay. Only HTTP and JSON are left out (the <c>softconfirm</c> mode measures those
/// through a running devnet). Each sender submits its next signed transfer once the last is soft-confirmed (closed
/// loop); transfers are signed before the clock starts, so the figures are the sequencer's.
/// Usage: softconfirm-local [--senders 48] [--seconds 20] [--dir PATH]
/// </summary>
internal static class SoftConfirmLocalBench
{
    private const ulong ChainId = 7, RollupId = 1, GenesisHeight = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var senders = int.Parse(Arg("--senders", "48"), System.Globalization.CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "20"), System.Globalization.CultureInfo.InvariantCulture);
        var dir = Arg("--dir", Path.Combine(Path.GetTempPath(), "lamina-softconfirm-" + Guid.NewGuid().ToString("N")));

        var keys = Enumerable.Range(0, senders).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 1), 32)])).ToArray();
        var recipients = Enumerable.Range(0, 200).Select(i => new Address([.. Enumerable.Repeat((byte)i, 19), 0x5A])).ToArray();
        var batcher = new Address([.. Enumerable.Repeat((byte)0xBA, 20)]);
        // The devnet's shape: forced window = sequencing window = half the registered one, with the node's delay buffer.
        var config = new RollupConfig(ChainId, RollupId, batcher, batcher, GenesisHeight, SequencingWindow: 120, ForcedInclusionWindow: 120,
            MaxSequencerDriftMs: 600_000, ChannelTimeout: 50, DelayBuffer: DelayBufferConfig.ForWindow(120));
        var l1 = new SimulatedL1(batcher);
        l1.Append([.. keys.Select((k, i) => new L2Deposit((ulong)i, k.Address, 1UL << 50))], []);

        // Enough signed transfers per sender for several thousand a second over the whole run.
        var perSender = Math.Max(200, 6_000 * (seconds + 5) / senders);
        var signed = new OptimisticBatchItem[senders][];
        Parallel.For(0, senders, s =>
        {
            var random = new Random(s);
            signed[s] = new OptimisticBatchItem[perSender];
            for (var n = 0; n < perSender; n++)
            {
                signed[s][n] = OptimisticBatchItem.From(OptimisticTransfer.Create(keys[s], ChainId, RollupId, recipients[random.Next(recipients.Length)],
                    (ulong)random.Next(1, 1_000_000), (ulong)random.Next(1 << 14), (ulong)n));
            }
        });

        using var stop = new CancellationTokenSource();
        using var store = RocksDbStore.Open(dir);
        var agent = new SequencerAgent(config, l1.Source, l1, new SequencerJournal(store), TimeProvider.System,
            new SequencerOptions(BlockIntervalMs: 100, BatchIntervalMs: 2_000));
        await agent.StartAsync(stop.Token);
        var running = agent.RunAsync(stop.Token);
        var l1Blocks = l1.RunAsync(stop.Token);
        try
        {
            Console.WriteLine($"sequencer role in process: RocksDB journal at {dir}, blocks every 100 ms, a channel every 2 s, L1 block every 1 s; " +
                $"{Environment.ProcessorCount} cores, load {LoadAverage()}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
            var next = new int[senders];
            Report("1 sender (no load)", await MeasureAsync(agent, signed[..1], next, Math.Min(5, seconds)));
            Report($"{senders} senders", await MeasureAsync(agent, signed, next, seconds));
            await Task.Delay(3_000);
            var heads = agent.Heads;
            Console.WriteLine($"heads: unsafe {heads.Unsafe.Number}, safe {heads.Safe.Number} (derived in the same process), posted {agent.Posted}, " +
                $"pending {agent.PendingCount}; load average after: {LoadAverage()}");
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(running, l1Blocks);
            }
            catch (OperationCanceledException)
            {
            }
        }
        store.Dispose();
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private sealed record Run(double[] LatenciesMs, int Refused, double Seconds, double CpuMicrosPerTransfer);

    private static async Task<Run> MeasureAsync(SequencerAgent agent, OptimisticBatchItem[][] signed, int[] next, int seconds)
    {
        var all = new List<double>();
        var refused = 0;
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(signed.Select((mine, s) => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (clock.Elapsed < deadline && next[s] < mine.Length)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                try
                {
                    await agent.SubmitAsync(mine[next[s]]);
                    // What l2_sendTransaction answers besides the hash (L2RpcMethods): the unsafe head's number.
                    _ = agent.Heads.Unsafe.Number;
                    latencies.Add(clock.Elapsed.TotalMilliseconds - start);
                }
                catch (Exception e) when (e is InvalidOptimisticTransactionException or SequencerRejectedException)
                {
                    Interlocked.Increment(ref refused);
                }
                next[s]++;
            }
            lock (all) all.AddRange(latencies);
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuMicros = (process.TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, all.Count);
        return new Run([.. all.Order()], refused, elapsed, cpuMicros);
    }

    private static void Report(string label, Run run)
    {
        var sorted = run.LatenciesMs;
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"{label,-20} {sorted.Length / run.Seconds,8:N0} soft-confirmed tx/s [{run.CpuMicrosPerTransfer:F0} us CPU each]   " +
            $"p50 {At(0.5):F1} ms  p90 {At(0.9):F1} ms  p99 {At(0.99):F1} ms  max {At(1):F1} ms   " +
            $"({sorted.Length:N0} confirmed, {run.Refused} refused; aim p50 <= 100, p99 <= 250)");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>
    /// L1 in memory on the wall clock: a block every second, and each channel the sequencer posts lands as a batch in
    /// the next block after 300 ms (a transaction's inclusion), as the node's poster waits for its batch reference.
    /// </summary>
    private sealed class SimulatedL1(Address batcher) : IBatchPoster
    {
        private readonly Lock _lock = new();
        private readonly List<BatchBlob> _waiting = [];

        public InMemoryRollupL1Source Source { get; } = new(GenesisHeight);

        public void Append(IReadOnlyList<L2Deposit> deposits, IReadOnlyList<BatchBlob> blobs)
        {
            lock (_lock)
            {
                var height = Source.NextHeight;
                Source.Append(new L1BlockData(height, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), deposits, [], blobs, []));
            }
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(1_000, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                BatchBlob[] blobs;
                lock (_lock)
                {
                    blobs = [.. _waiting];
                    _waiting.Clear();
                }
                Append([], blobs);
            }
        }

        public async Task PostAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken)
        {
            lock (_lock) _waiting.AddRange(blobs.Select(b => new BatchBlob(batcher, b)));
            await Task.Delay(300, cancellationToken);
        }
    }
}
