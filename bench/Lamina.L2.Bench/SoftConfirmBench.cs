using System.Diagnostics;
using Lamina.Client;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;

/// <summary>
/// Soft-confirmation latency through a running sequencer node (issue 13: p50 ≤ 100 ms, p99 ≤ 250 ms): real HTTP
/// JSON-RPC, the node's admission pipeline and its synced journal. The funded key pays a few fresh sender keys on L2,
/// then each sender sends signed transfers one after the other (the next once the last is soft-confirmed) for the
/// given time; every answer's round trip is one sample. First one sender alone (the floor), then all of them (the load).
/// Usage: softconfirm --l1-rpc URL --l2-rpc URL --key FILE [--rollup 1] [--senders 16] [--seconds 20]
/// </summary>
internal static class SoftConfirmBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
        var rollupId = ulong.Parse(Arg("--rollup", "1"), System.Globalization.CultureInfo.InvariantCulture);
        var senders = int.Parse(Arg("--senders", "16"), System.Globalization.CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "20"), System.Globalization.CultureInfo.InvariantCulture);
        using var l1 = new LaminaRpcClient(new Uri(Arg("--l1-rpc")));
        using var funder = Lamina.Client.Keys.KeyFile.Read(Arg("--key"));
        var rollup = await l1.GetRollupAsync(rollupId);
        var chainId = rollup.L2ChainId;
        // The registered fee at twice the head's blob base fee (the sequencer checks it at its block's L1 origin).
        var blobBaseFee = (await l1.GetRollupL1BlockAsync(rollupId, rollup.Height!.Value)).BlobBaseFee;
        Fee = rollup.L2Fees.RequiredFee(checked(blobBaseFee * 2));
        var sequencerUri = new Uri(Arg("--l2-rpc"));

        // Fresh keys each run, so nonces start where the sequencer says.
        var salt = Environment.TickCount64;
        var keys = Enumerable.Range(0, senders).Select(i => SigningKey.FromSeed(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"softconfirm-bench/{salt}/{i}")))).ToArray();
        using (var client = new LaminaRpcClient(sequencerUri))
        {
            var account = await client.GetL2AccountAsync(funder.Address);
            const ulong Fund = 1_000_000;
            if (account.Balance < Fund * (ulong)senders)
                throw new InvalidOperationException($"{funder.Address} holds {account.Balance} on L2; deposit at least {Fund * (ulong)senders} first (lamina l2 deposit)");
            for (var i = 0; i < senders; i++)
                await client.SendL2TransactionAsync(Encode(OptimisticTransfer.Create(funder, chainId, rollupId, keys[i].Address, Fund, Fee, account.Nonce + (ulong)i)));
        }

        Console.WriteLine($"sequencer {sequencerUri}, rollup {rollupId}, L2 fee {Fee} per transfer; load {LoadAverage()}");
        var alone = await MeasureAsync(sequencerUri, keys[..1], chainId, rollupId, Math.Min(5, seconds));
        Report("1 sender (no load)", alone);
        var loaded = await MeasureAsync(sequencerUri, keys, chainId, rollupId, seconds);
        Report($"{senders} senders", loaded);
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static ulong Fee;

    private sealed record Run(List<double> LatenciesMs, int Refused, double Seconds);

    private static async Task<Run> MeasureAsync(Uri sequencer, SigningKey[] keys, ulong chainId, ulong rollupId, int seconds)
    {
        var all = new List<double>();
        var refused = 0;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(keys.Select(async key =>
        {
            using var client = new LaminaRpcClient(sequencer);
            var nonce = (await client.GetL2AccountAsync(key.Address)).Nonce;
            var mine = new List<double>();
            while (clock.Elapsed < deadline)
            {
                var tx = Encode(OptimisticTransfer.Create(key, chainId, rollupId, key.Address, 1, Fee, nonce));
                var start = clock.Elapsed.TotalMilliseconds;
                try
                {
                    await client.SendL2TransactionAsync(tx);
                    mine.Add(clock.Elapsed.TotalMilliseconds - start);
                    nonce++;
                }
                catch (RpcClientException)
                {
                    Interlocked.Increment(ref refused);
                    nonce = (await client.GetL2AccountAsync(key.Address)).Nonce;
                }
            }
            lock (all) all.AddRange(mine);
        }));
        return new Run(all, refused, clock.Elapsed.TotalSeconds);
    }

    private static byte[] Encode(OptimisticTransfer transfer) => L2Transaction.FromSequenced(OptimisticBatchItem.From(transfer)).Encode();

    private static void Report(string label, Run run)
    {
        var sorted = run.LatenciesMs.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"{label,-22} {sorted.Length / run.Seconds,8:N0} soft-confirmed tx/s   latency p50 {At(0.5):F1} ms  p90 {At(0.9):F1} ms  " +
            $"p99 {At(0.99):F1} ms  max {At(1):F1} ms   ({sorted.Length:N0} confirmed, {run.Refused} refused; aim p50 <= 100, p99 <= 250)");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
