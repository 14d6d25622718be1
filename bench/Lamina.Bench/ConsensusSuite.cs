using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Keys;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using static Lamina.Bench.Harness;

namespace Lamina.Bench;

/// <summary>
/// A 4-validator loopback devnet of real `lamina node` processes (made by `lamina init`, RocksDB, TCP P2P, Kestrel
/// JSON-RPC), driven only through the public JSON-RPC API. Measures commit latency of a steady 20 tx/s transfer
/// stream (client-observed and to the including block's proposer timestamp), empty-block rate and interval, and
/// saturated committed transfers per second; once with the default node configs and once with blockIntervalMs at its
/// minimum (10 ms), which exposes the raw consensus round trip. CometBFT's defaults and QA figures are printed beside.
/// </summary>
internal static class ConsensusSuite
{
    private const int Validators = 4;
    private const int LatencyTxs = 300;
    private const double LatencyRate = 20; // tx/s
    private const int PollMs = 10;
    private static readonly TimeSpan EmptyWindow = TimeSpan.FromSeconds(20);
    // LAMINA_BENCH_LOAD_SECONDS lengthens the saturation window for A/B runs: 20 s swings about ±20% between runs on 2 cores.
    private static readonly TimeSpan LoadWindow = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("LAMINA_BENCH_LOAD_SECONDS"), out var s) && s is >= 5 and <= 600 ? s : 20);
    private const int ExtraSenders = 35; // funded from the dev keys for the saturation phase; 40 senders in all
    private static readonly int PreSignedPerSender = 50 * (int)LoadWindow.TotalSeconds; // 40 senders × 50/s each: twice the best rate seen
    private const ulong MaxFeePerGas = 10_000_000; // far above any base fee reached here; the sender pays only base + tip
    private const ulong Tip = 2;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(30) };

    private sealed record Summary(string Label, double P50A, double P50B, double BlocksPerSecond, double MeanIntervalMs, double Tps);

    public static void Run() => RunAsync().GetAwaiter().GetResult();

    private static async Task RunAsync()
    {
        var dll = FindLaminaDll();
        var home = Path.Combine(Path.GetTempPath(), "lamina-bench-consensus-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"\n## consensus: {Validators}-validator loopback devnet, real `lamina node` processes ({dll})");
        Console.WriteLine($"load before start (/proc/loadavg): {LoadAvg()}");
        var net = new Devnet(dll, home, Validators);
        void OnExit(object? s, EventArgs e) => net.Dispose();
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        Console.CancelKeyPress += (_, _) => net.Dispose();
        var summaries = new List<Summary>();
        try
        {
            await net.InitAsync();
            var defaults = JsonNode.Parse(File.ReadAllText(net.ConfigPath(0)))!;
            Console.WriteLine($"home {home}; RPC 127.0.0.1:{net.BasePort}..{net.BasePort + Validators - 1}, P2P 127.0.0.1:{net.BasePort + 1000}.. (full mesh)");
            Console.WriteLine("node config (default, as written by `lamina init`): " + ConfigLine(defaults));
            var chainId = JsonNode.Parse(File.ReadAllText(Path.Combine(home, "genesis.json")))!["chainId"]!.GetValue<string>();

            net.StartAll();
            await net.WaitHeightAsync(5, TimeSpan.FromSeconds(180));
            summaries.Add(await MeasureAsync(net, chainId, "default config", fund: true));

            // blockIntervalMs = 0 is refused by config validation (10..600000); 10 ms is the floor.
            net.KillAll();
            for (var i = 0; i < Validators; i++)
            {
                var config = JsonNode.Parse(File.ReadAllText(net.ConfigPath(i)))!;
                config["blockIntervalMs"] = 10;
                File.WriteAllText(net.ConfigPath(i), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            Console.WriteLine("\nrestarting the same network with blockIntervalMs = 10 (the minimum the config accepts; 0 is refused): " +
                              ConfigLine(JsonNode.Parse(File.ReadAllText(net.ConfigPath(0)))!));
            net.StartAll();
            var resumed = await net.MaxHeightAsync();
            await net.WaitHeightAsync(resumed + 5, TimeSpan.FromSeconds(180));
            summaries.Add(await MeasureAsync(net, chainId, "blockIntervalMs=10", fund: false));

            PrintComparison(summaries);
        }
        catch
        {
            net.DumpLogs();
            throw;
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            net.Dispose();
            Console.WriteLine($"load after (/proc/loadavg): {LoadAvg()}");
        }
    }

    private static string ConfigLine(JsonNode c) =>
        $"blockIntervalMs={c["blockIntervalMs"]}, timeoutProposeMs={c["timeoutProposeMs"]}, timeoutVoteMs={c["timeoutVoteMs"]}, timeoutDeltaMs={c["timeoutDeltaMs"]}, mempoolMaxTransactions={c["mempoolMaxTransactions"]}";

    private static async Task<Summary> MeasureAsync(Devnet net, string chainId, string label, bool fund)
    {
        Console.WriteLine($"\n### {label}: load {LoadAvg()}");
        // LAMINA_BENCH_ONLY=latency runs the latency phase alone (about a minute a run), for short latency A/B pairs.
        var latencyOnly = Environment.GetEnvironmentVariable("LAMINA_BENCH_ONLY") == "latency";
        var empty = latencyOnly ? (BlocksPerSecond: double.NaN, MeanIntervalMs: double.NaN) : await EmptyBlocksAsync(net, label);
        var latency = await LatencyAsync(net, chainId, label);
        var tps = latencyOnly ? double.NaN : await SaturateAsync(net, chainId, label, fund);
        return new Summary(label, latency.A, latency.B, empty.BlocksPerSecond, empty.MeanIntervalMs, tps);
    }

    // ---------------------------------------------------------------- empty blocks

    private static async Task<(double BlocksPerSecond, double MeanIntervalMs)> EmptyBlocksAsync(Devnet net, string label)
    {
        var rpc = net.Rpc(0);
        var h0 = (await rpc.CallAsync("l1_head"))!["height"]!.GetValue<ulong>();
        await Task.Delay(EmptyWindow);
        var h1 = (await rpc.CallAsync("l1_head"))!["height"]!.GetValue<ulong>();
        var times = new List<double>();
        var rounds = new List<int>();
        var txs = 0;
        for (var h = h0; h <= h1; h++)
        {
            var b = (await rpc.CallAsync("l1_getBlock", h))!;
            times.Add(b["time"]!.GetValue<ulong>());
            txs += b["transactions"]!.AsArray().Count;
            if (h > h0 && b["lastCommit"] is JsonObject lc) rounds.Add(lc["round"]!.GetValue<int>()); // the round height h-1 was decided in
        }
        var blocks = h1 - h0;
        var spanMs = times[^1] - times[0];
        var intervals = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        var bps = blocks / (spanMs / 1e3);
        var mean = spanMs / blocks;
        var t = new Table($"empty blocks, no load, {EmptyWindow.TotalSeconds:0} s window ({label})", "metric", "value");
        t.Add("blocks committed", $"{blocks} (heights {h0 + 1}..{h1}, {txs} txs)");
        t.Add("blocks per second (header times)", F(bps));
        t.Add("mean block interval", F(mean, "0.0") + " ms");
        t.Add("interval p50 / p90 / max", $"{F(Pct(intervals, 0.5), "0")} / {F(Pct(intervals, 0.9), "0")} / {F(intervals.Max(), "0")} ms");
        t.Add("heights decided in round > 0", $"{rounds.Count(r => r > 0)} of {rounds.Count}");
        t.Print();
        return (bps, mean);
    }

    // ---------------------------------------------------------------- commit latency

    private static async Task<(double A, double B)> LatencyAsync(Devnet net, string chainId, string label)
    {
        var senders = Enumerable.Range(0, Validators).Select(i => KeyFile.Read(Path.Combine(net.Home, "dev-keys", $"dev-{i}.key"))).ToArray();
        using var sink = SigningKey.FromSeed(System.Security.Cryptography.SHA256.HashData("lamina bench consensus sink"u8));
        var nonces = new ulong[senders.Length];
        for (var s = 0; s < senders.Length; s++) nonces[s] = (await net.Rpc(s).CallAsync("l1_getAccount", senders[s].Address.ToString()))!["pendingNonce"]!.GetValue<ulong>();

        var sendStartMs = new long[LatencyTxs];
        var sendRttMs = new double[LatencyTxs];
        var observedMs = new double[LatencyTxs];
        var heights = new ulong[LatencyTxs];
        var failed = new string?[LatencyTxs];
        var polls = 0L;
        var clock = Stopwatch.StartNew();
        var periodMs = 1000.0 / LatencyRate;
        var lateSends = 0;
        var pollers = new List<Task>();

        // Sender s sends every 4th transfer, always through node s, so its nonces reach one mempool in order.
        var loops = Enumerable.Range(0, senders.Length).Select(s => Task.Run(async () =>
        {
            var rpc = net.Rpc(s);
            for (var i = s; i < LatencyTxs; i += senders.Length)
            {
                var due = i * periodMs;
                var wait = due - clock.Elapsed.TotalMilliseconds;
                if (wait > 1) await Task.Delay(TimeSpan.FromMilliseconds(wait));
                else if (wait < -periodMs) Interlocked.Increment(ref lateSends);
                var tx = Transaction.Create(senders[s], chainId, nonces[s]++, MaxFeePerGas, Tip, TransferPayload.Gas, new TransferPayload(sink.Address, 1));
                var hex = Hex.Encode(tx.Encoded);
                var hash = tx.Hash.ToString();
                var idx = i;
                sendStartMs[idx] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var t0 = clock.Elapsed.TotalMilliseconds;
                try
                {
                    await rpc.CallAsync("l1_sendTransaction", hex);
                }
                catch (Exception e) when (IsRpcFailure(e))
                {
                    failed[idx] = e.Message;
                    continue;
                }
                sendRttMs[idx] = clock.Elapsed.TotalMilliseconds - t0;
                lock (pollers) pollers.Add(Task.Run(async () =>
                {
                    var deadline = t0 + 60_000;
                    while (clock.Elapsed.TotalMilliseconds < deadline)
                    {
                        JsonNode? r;
                        try
                        {
                            r = await rpc.CallAsync("l1_getTransaction", hash);
                        }
                        catch (Exception e) when (IsRpcFailure(e))
                        {
                            await Task.Delay(PollMs);
                            continue;
                        }
                        Interlocked.Increment(ref polls);
                        if (r?["status"]?.GetValue<string>() == "included")
                        {
                            observedMs[idx] = clock.Elapsed.TotalMilliseconds - t0;
                            heights[idx] = r["blockHeight"]!.GetValue<ulong>();
                            return;
                        }
                        await Task.Delay(PollMs);
                    }
                    failed[idx] = "not included within 60 s";
                }));
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var sendSpan = clock.Elapsed.TotalSeconds;
        Task[] all;
        lock (pollers) all = pollers.ToArray();
        await Task.WhenAll(all);
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var k in senders) k.Dispose();

        var headerTime = new Dictionary<ulong, ulong>();
        foreach (var h in heights.Where(h => h > 0).Distinct()) headerTime[h] = await HeaderTimeAsync(net, h);
        var ok = Enumerable.Range(0, LatencyTxs).Where(i => failed[i] is null && heights[i] > 0).ToArray();
        var a = ok.Select(i => observedMs[i]).ToArray();
        var b = ok.Select(i => (double)((long)headerTime[heights[i]] - sendStartMs[i])).ToArray();
        var rtt = ok.Select(i => sendRttMs[i]).ToArray();
        var perBlock = ok.GroupBy(i => heights[i]).Select(g => (double)g.Count()).ToArray();

        var t = new Table($"commit latency, {LatencyTxs} transfers at {LatencyRate:0}/s from 4 dev keys via 4 nodes' RPC ({label})",
            "measure", "n", "p50", "p90", "p99", "max", "mean");
        void Row(string name, double[] v) => t.Add(name, v.Length.ToString(Inv), Ms0(Pct(v, 0.5)), Ms0(Pct(v, 0.9)), Ms0(Pct(v, 0.99)), Ms0(v.DefaultIfEmpty(double.NaN).Max()), Ms0(v.DefaultIfEmpty(double.NaN).Average()));
        Row("(a) send → observed included (poll l1_getTransaction every 10 ms)", a);
        Row("(b) send → including block's header time (proposer timestamp)", b);
        Row("    l1_sendTransaction round trip", rtt);
        t.Print();
        var errors = failed.Where(f => f is not null).GroupBy(f => f).Select(g => $"{g.Count()}× {g.Key}").ToArray();
        Console.WriteLine($"sent over {sendSpan:0.0} s ({LatencyTxs / sendSpan:0.0} tx/s achieved, {lateSends} sends > 1 period late); {ok.Length} included in {perBlock.Length} blocks " +
                          $"(mean {perBlock.DefaultIfEmpty(0).Average():0.0} of these per block); {polls} getTransaction polls ({polls / elapsed:0} /s); failures: {(errors.Length == 0 ? "none" : string.Join("; ", errors))}");
        return (Pct(a, 0.5), Pct(b, 0.5));
    }

    /// <summary>
    /// The including block's header time, read from node 0. A transfer is seen included through any of the four nodes,
    /// and node 0 may not have stored that block yet, so a missing block is asked for again until it arrives.
    /// </summary>
    private static async Task<ulong> HeaderTimeAsync(Devnet net, ulong height)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return (await net.Rpc(0).CallAsync("l1_getBlock", height))!["time"]!.GetValue<ulong>(); }
            catch (RpcException) when (attempt < 100) { await Task.Delay(50); }
        }
    }

    // ---------------------------------------------------------------- saturation

    private static List<SigningKey> SaturationSenders(Devnet net)
    {
        var keys = Enumerable.Range(0, 5).Select(i => KeyFile.Read(Path.Combine(net.Home, "dev-keys", $"dev-{i}.key"))).ToList();
        for (var i = 0; i < ExtraSenders; i++) keys.Add(SigningKey.FromSeed(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes($"lamina bench consensus sender {i}"))));
        return keys;
    }

    private static async Task FundAsync(Devnet net, string chainId, List<SigningKey> keys)
    {
        var sw = Stopwatch.StartNew();
        var last = new List<(int Node, string Hash)>();
        for (var d = 0; d < 5; d++)
        {
            var rpc = net.Rpc(d % Validators);
            var nonce = (await rpc.CallAsync("l1_getAccount", keys[d].Address.ToString()))!["pendingNonce"]!.GetValue<ulong>();
            string? hash = null;
            for (var j = 5 + d; j < keys.Count; j += 5)
            {
                var tx = Transaction.Create(keys[d], chainId, nonce++, MaxFeePerGas, Tip, TransferPayload.Gas,
                    new TransferPayload(keys[j].Address, UInt128.Parse("1000000000000000000000"))); // 10^21: far more than the fees of 1,000 transfers
                hash = (await rpc.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded)))!.GetValue<string>();
            }
            if (hash is not null) last.Add((d % Validators, hash));
        }
        foreach (var (node, hash) in last)
        {
            while ((await net.Rpc(node).CallAsync("l1_getTransaction", hash))?["status"]?.GetValue<string>() != "included")
            {
                if (sw.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("funding transfers were not included within 60 s");
                await Task.Delay(50);
            }
        }
        Console.WriteLine($"funded {keys.Count - 5} extra senders from the 5 dev keys in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<double> SaturateAsync(Devnet net, string chainId, string label, bool fund)
    {
        var keys = SaturationSenders(net);
        if (fund) await FundAsync(net, chainId, keys);
        using var sink = SigningKey.FromSeed(System.Security.Cryptography.SHA256.HashData("lamina bench consensus sink"u8));

        // Pre-sign: sender s goes through node s % 4 only (in-order nonces per mempool).
        var signClock = Stopwatch.StartNew();
        var presigned = new string[keys.Count][];
        for (var s = 0; s < keys.Count; s++)
        {
            var nonce = (await net.Rpc(s % Validators).CallAsync("l1_getAccount", keys[s].Address.ToString()))!["pendingNonce"]!.GetValue<ulong>();
            presigned[s] = new string[PreSignedPerSender];
            for (var j = 0; j < PreSignedPerSender; j++)
            {
                presigned[s][j] = Hex.Encode(Transaction.Create(keys[s], chainId, nonce + (ulong)j, MaxFeePerGas, Tip, TransferPayload.Gas, new TransferPayload(sink.Address, 1)).Encoded);
            }
        }
        foreach (var k in keys) k.Dispose();
        var signSeconds = signClock.Elapsed.TotalSeconds;

        var h0 = await net.MaxHeightAsync();
        var accepted = 0L;
        var rejected = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var batches = 0L;
        var loadStartMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var window = Stopwatch.StartNew();
        var samples = new List<(double T, ulong H, int M)>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested && window.Elapsed < LoadWindow)
            {
                var sample = (window.Elapsed.TotalSeconds, await net.MaxHeightAsync(), await MempoolAsync(net, 0));
                lock (samples) samples.Add(sample);
                try { await Task.Delay(2000, sampling.Token); }
                catch (OperationCanceledException) { }
            }
        });
        var workers = Enumerable.Range(0, Validators).Select(node => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, keys.Count).Where(s => s % Validators == node).ToArray();
            var next = new int[keys.Count];
            var blockedUntil = new double[keys.Count];
            while (window.Elapsed < LoadWindow)
            {
                // One JSON-RPC batch (≤ 100 calls, the server's limit) of each unblocked sender's next transfers.
                var batch = new List<(int Sender, string Hex)>();
                var now = window.Elapsed.TotalMilliseconds;
                foreach (var s in mine)
                {
                    if (blockedUntil[s] > now) continue;
                    for (var k = 0; k < 100 / mine.Length && next[s] + k < PreSignedPerSender; k++) batch.Add((s, presigned[s][next[s] + k]));
                }
                if (batch.Count == 0)
                {
                    await Task.Delay(20);
                    continue;
                }
                var results = await SendBatchAsync(net.Rpc(node), batch.Select(b => b.Hex).ToArray());
                Interlocked.Increment(ref batches);
                var stop = new HashSet<int>();
                for (var i = 0; i < batch.Count; i++)
                {
                    var s = batch[i].Sender;
                    if (stop.Contains(s)) continue; // a later nonce of a sender that hit its limit fails with NonceGap; not counted
                    var (ok, reason) = results[i];
                    if (ok || reason is "AlreadyKnown" or "NonceTooLow")
                    {
                        next[s]++;
                        if (ok) Interlocked.Increment(ref accepted);
                        continue;
                    }
                    rejected.AddOrUpdate(reason ?? "?", 1, (_, c) => c + 1);
                    stop.Add(s);
                    blockedUntil[s] = now + 50; // SenderLimitReached (256 pending) or MempoolFull: retry after a while
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var windowSeconds = window.Elapsed.TotalSeconds;
        var loadEndMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Let the backlog drain (≤ 90 s) so all accepted transfers are committed and the next phase starts empty.
        var drain = Stopwatch.StartNew();
        var drained = false;
        while (drain.Elapsed < TimeSpan.FromSeconds(90))
        {
            var sample = (window.Elapsed.TotalSeconds, await net.MaxHeightAsync(), await MempoolAsync(net, 0));
            lock (samples)
            {
                if (samples.Count == 0 || sample.Item1 - samples[^1].T >= 2) samples.Add(sample);
            }
            var counts = await Task.WhenAll(Enumerable.Range(0, Validators).Select(i => MempoolAsync(net, i)));
            if (counts.All(c => c == 0)) { drained = true; break; }
            await Task.Delay(500);
        }
        sampling.Cancel();
        await sampler;
        var drainSeconds = drain.Elapsed.TotalSeconds;
        var h1 = await net.MaxHeightAsync();
        await net.WaitHeightAsync(h1, TimeSpan.FromSeconds(30));

        // Committed throughput from the chain itself (header times): (1) transfers in blocks stamped inside the load
        // window ÷ the window; (2) all transfers committed from load start until the backlog drained ÷ that span.
        var rpc = net.Rpc(0);
        var inWindow = 0L;
        var committed = 0L;
        var lastTxTime = loadStartMs;
        var sizes = new List<double>();
        var rounds = new List<int>();
        ulong maxGas = 0;
        for (var h = h0 + 1; h <= h1; h++)
        {
            var b = (await rpc.CallAsync("l1_getBlock", h))!;
            var n = b["transactions"]!.AsArray().Count;
            var time = b["time"]!.GetValue<ulong>();
            committed += n;
            if ((long)time <= loadEndMs) inWindow += n;
            if (n > 0) { sizes.Add(n); lastTxTime = Math.Max(lastTxTime, (long)time); }
            if (h > h0 + 1 && b["lastCommit"] is JsonObject lc) rounds.Add(lc["round"]!.GetValue<int>());
            maxGas = Math.Max(maxGas, b["gasUsed"]!.GetValue<ulong>());
        }
        var windowTps = inWindow / ((loadEndMs - loadStartMs) / 1e3);
        var sustainedSpan = (lastTxTime - loadStartMs) / 1e3;
        var tps = committed / sustainedSpan;

        var t = new Table($"saturation, {keys.Count} senders × ≤256 pending, pre-signed transfers in JSON-RPC batches to all 4 nodes, {LoadWindow.TotalSeconds:0} s ({label})", "metric", "value");
        t.Add("committed transfers/s, load start → last load block (header times)", $"{F(tps, "0")} ({committed:N0} in {F(sustainedSpan, "0.0")} s)");
        t.Add("committed transfers/s inside the load window", $"{F(windowTps, "0")} ({inWindow:N0} in {F((loadEndMs - loadStartMs) / 1e3, "0.0")} s)");
        t.Add("blocks", $"{h1 - h0} (heights {h0 + 1}..{h1}), {rounds.Count(r => r > 0)} decided in round > 0 (max round {rounds.DefaultIfEmpty(0).Max()})");
        t.Add("txs per non-empty block p50 / max", $"{F(Pct(sizes.ToArray(), 0.5), "0")} / {F(sizes.DefaultIfEmpty(0).Max(), "0")} over {sizes.Count} blocks (gas limit fits {30_000_000 / TransferPayload.Gas}; max gasUsed {maxGas:N0})");
        t.Add("accepted by RPC / window", $"{accepted:N0} in {F(windowSeconds, "0.0")} s = {F(accepted / windowSeconds, "0")}/s over {batches:N0} batches");
        t.Add("rejections (retried)", rejected.IsEmpty ? "none" : string.Join(", ", rejected.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value:N0}")));
        t.Add("backlog drain after the window", drained ? $"{F(drainSeconds, "0.0")} s" : $"NOT drained within {F(drainSeconds, "0")} s");
        t.Add("pre-signing (not timed in the window)", $"{keys.Count * PreSignedPerSender:N0} txs in {F(signSeconds, "0.0")} s");
        t.Print();
        Console.WriteLine("timeline (s: max height, node0 mempool): " + string.Join("  ", samples.Select(x => $"{F(x.T, "0")}:{x.H}/{x.M}")));
        return tps;
    }

    // ---------------------------------------------------------------- report

    private static void PrintComparison(List<Summary> s)
    {
        var t = new Table("Lamina 4-validator loopback devnet vs CometBFT defaults / QA (CometBFT figures are quoted, not measured here)", "", "value");
        foreach (var x in s)
        {
            t.Add($"Lamina, {x.Label}: commit latency p50 (a) client / (b) header", $"{F(x.P50A, "0")} / {F(x.P50B, "0")} ms");
            t.Add($"Lamina, {x.Label}: empty blocks/s (mean interval)", $"{F(x.BlocksPerSecond)} ({F(x.MeanIntervalMs, "0")} ms)");
            t.Add($"Lamina, {x.Label}: committed transfers/s (~{TransferSize()} B each)", F(x.Tps, "0"));
        }
        t.Add("CometBFT default timeout_commit / timeout_propose", "1 s / 3 s (so ≥ 1 block/s ceiling with defaults)");
        t.Add("CometBFT QA (v0.38/v1, 200 nodes, 1 KiB txs)", "~400 tx/s sustained");
        t.Add("issue aim: p50 commit latency, local 4-validator devnet", "≤ 300 ms");
        t.Print();
        var d = s[0];
        var m = s.Count > 1 ? s[1] : s[0];
        Console.WriteLine($"SUMMARY consensus: 4 validators (real processes, loopback) default config: commit p50 {d.P50A:0} ms client-observed / {d.P50B:0} ms to header, " +
                          $"{d.BlocksPerSecond:0.00} empty blocks/s ({d.MeanIntervalMs:0} ms), {d.Tps:0} transfers/s; blockIntervalMs=10: commit p50 {m.P50A:0} / {m.P50B:0} ms, " +
                          $"{m.BlocksPerSecond:0.00} blocks/s ({m.MeanIntervalMs:0} ms), {m.Tps:0} transfers/s; aim p50 ≤ 300 ms: {(d.P50A <= 300 ? "met" : "NOT met")} with defaults; load {LoadAvg()}");
    }

    private static int TransferSize()
    {
        using var k = SigningKey.FromSeed(new byte[32]);
        return Transaction.Create(k, "lamina-devnet", 0, 1, 1, TransferPayload.Gas, new TransferPayload(k.Address, 1)).Encoded.Length;
    }

    // ---------------------------------------------------------------- helpers

    private static double Pct(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static async Task<int> MempoolAsync(Devnet net, int i)
    {
        try { return (await net.Rpc(i).CallAsync("l1_mempool"))!["count"]!.GetValue<int>(); }
        catch (Exception e) when (IsRpcFailure(e)) { return -1; }
    }

    private static string Ms0(double ms) => double.IsNaN(ms) ? "-" : F(ms, "0") + " ms";

    internal static string LoadAvg()
    {
        try { return File.ReadAllText("/proc/loadavg").Trim(); }
        catch (IOException) { return "n/a"; }
    }

    internal static string FindLaminaDll()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_DLL") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var cli = Path.Combine(dir.FullName, "src", "Lamina.Cli");
            if (!Directory.Exists(cli)) continue;
            var dll = Path.Combine(cli, "bin", "Release", "net10.0", "lamina.dll");
            if (!File.Exists(dll))
            {
                Console.WriteLine($"building the CLI: dotnet build -c Release {cli}");
                using var p = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", cli]) { UseShellExecute = false })!;
                p.WaitForExit();
                if (p.ExitCode != 0 || !File.Exists(dll)) throw new InvalidOperationException($"could not build {dll}");
            }
            return dll;
        }
        throw new InvalidOperationException("cannot find src/Lamina.Cli above the bench binary; set LAMINA_DLL to the path of lamina.dll");
    }

    /// <summary>A node's refusal or an unreachable or slow node: the bench counts these, it does not stop on them.</summary>
    private static bool IsRpcFailure(Exception e) => e is RpcException or RpcClientException;

    /// <summary>One JSON-RPC batch of l1_sendTransaction calls; per call, accepted or the node's reason.</summary>
    private static async Task<(bool Ok, string? Reason)[]> SendBatchAsync(LaminaRpcClient rpc, string[] hexes)
    {
        var outcomes = await rpc.BatchAsync(hexes.Select(h => ("l1_sendTransaction", (JsonNode?)new JsonArray(h))).ToArray());
        return outcomes.Select(o => o.Error is { } e ? (false, e.Reason ?? e.Message) : (true, (string?)null)).ToArray();
    }

    /// <summary>`lamina init` + one `dotnet lamina.dll node` child process per validator; killed (whole tree) on dispose.</summary>
    internal sealed class Devnet(string dll, string home, int validators) : IDisposable
    {
        private readonly Process?[] _nodes = new Process?[validators];
        private readonly Queue<string>[] _logs = Enumerable.Range(0, validators).Select(_ => new Queue<string>()).ToArray();
        private LaminaRpcClient[] _rpc = [];
        private int _disposed;

        public string Home => home;
        public int BasePort { get; private set; }
        public string ConfigPath(int i) => Path.Combine(home, $"node{i}", "config.json");
        public LaminaRpcClient Rpc(int i) => _rpc[i];

        public async Task InitAsync()
        {
            BasePort = FreePortRange(validators);
            using var init = Launch(["init", "--home", home, "--validators", validators.ToString(Inv), "--base-port", BasePort.ToString(Inv)], null);
            await init.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
            if (init.ExitCode != 0) throw new InvalidOperationException($"lamina init failed ({init.ExitCode})");
            _rpc = Enumerable.Range(0, validators).Select(i => new LaminaRpcClient(new Uri($"http://127.0.0.1:{BasePort + i}/rpc"), Http)).ToArray();
        }

        public void StartAll()
        {
            for (var i = 0; i < validators; i++) _nodes[i] = Launch(["node", "--home", Path.Combine(home, $"node{i}")], _logs[i]);
        }

        public void KillAll()
        {
            for (var i = 0; i < validators; i++)
            {
                var p = _nodes[i];
                _nodes[i] = null;
                if (p is null) continue;
                try
                {
                    if (!p.HasExited) p.Kill(entireProcessTree: true);
                    p.WaitForExit(10_000);
                }
                catch (InvalidOperationException)
                {
                }
                p.Dispose();
            }
        }

        public async Task<ulong> MaxHeightAsync()
        {
            ulong max = 0;
            for (var i = 0; i < validators; i++)
            {
                try { max = Math.Max(max, (await _rpc[i].CallAsync("l1_head"))!["height"]!.GetValue<ulong>()); }
                catch (Exception e) when (IsRpcFailure(e)) { }
            }
            return max;
        }

        public async Task WaitHeightAsync(ulong height, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                var all = true;
                for (var i = 0; i < validators && all; i++)
                {
                    if (_nodes[i] is { HasExited: true } dead) throw new InvalidOperationException($"node{i} exited with code {dead.ExitCode}");
                    try { all = (await _rpc[i].CallAsync("l1_head"))!["height"]!.GetValue<ulong>() >= height; }
                    catch (Exception e) when (IsRpcFailure(e)) { all = false; }
                }
                if (all) return;
                if (sw.Elapsed > timeout) throw new TimeoutException($"the devnet did not reach height {height} within {timeout.TotalSeconds:0} s");
                await Task.Delay(100);
            }
        }

        public void DumpLogs()
        {
            for (var i = 0; i < validators; i++)
            {
                lock (_logs[i])
                {
                    Console.Error.WriteLine($"--- node{i} (last {_logs[i].Count} lines) ---");
                    foreach (var line in _logs[i]) Console.Error.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            KillAll();
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            for (var attempt = 0; attempt < 5 && Directory.Exists(home); attempt++)
            {
                try { Directory.Delete(home, recursive: true); }
                catch (IOException) { Thread.Sleep(200); }
                catch (UnauthorizedAccessException) { Thread.Sleep(200); }
            }
        }

        private Process Launch(string[] args, Queue<string>? log)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(dll);
            foreach (var a in args) info.ArgumentList.Add(a);
            info.Environment["COLUMNS"] = "250";
            var p = new Process { StartInfo = info };
            void Append(string? line)
            {
                if (line is null || log is null) return;
                lock (log)
                {
                    log.Enqueue(line);
                    while (log.Count > 60) log.Dequeue();
                }
            }
            p.OutputDataReceived += (_, e) => Append(e.Data);
            p.ErrorDataReceived += (_, e) => Append(e.Data);
            p.Start();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return p;
        }

        /// <summary>A base port P with P..P+n-1 (RPC) and P+1000..P+1000+n-1 (P2P) all free on loopback.</summary>
        private static int FreePortRange(int n)
        {
            var rng = new Random();
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var p = rng.Next(20_000, 40_000);
                if (Enumerable.Range(0, n).All(i => IsFree(p + i) && IsFree(p + 1000 + i))) return p;
            }
            throw new InvalidOperationException("no free port range found");
        }

        private static bool IsFree(int port)
        {
            try
            {
                using var l = new TcpListener(IPAddress.Loopback, port);
                l.Start();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
