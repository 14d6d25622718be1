using System.Globalization;
using Lamina.Client;
using Lamina.Client.Keys;

/// <summary>
/// Issue 15's side-by-side table on ONE devnet: `lamina devnet` is started fresh (real processes: validators, DA
/// nodes, sequencer-0 with its batcher and proposer, zk-operator-0, ...), and the same signed-transfer workload
/// (<see cref="SideBySideWorkload"/>) is driven through each layer's real RPC with Lamina.Client, one layer after the
/// other: L1 transfers (validator-0), the optimistic rollup (sequencer-0) and the ZK rollup (zk-operator-0). Every
/// figure is measured from RPC answers, blocks and receipts of that run.
/// Usage: devnet-sidebyside [--transfers 128] [--senders 8] [--validators 4]
/// </summary>
internal static class DevnetSideBySideBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var transfers = int.Parse(Arg("--transfers", "128"), CultureInfo.InvariantCulture);
        var senders = int.Parse(Arg("--senders", "8"), CultureInfo.InvariantCulture);
        var validators = int.Parse(Arg("--validators", "4"), CultureInfo.InvariantCulture);
        Console.WriteLine($"# devnet-sidebyside — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {BenchClock.Load()}; {transfers} transfers from {senders} senders per layer");
        using var devnet = await DevnetProcess.StartAsync(validators, TimeSpan.FromSeconds(240));
        try
        {
            using var l1 = new LaminaRpcClient(devnet.Rpc("validator"), TimeSpan.FromSeconds(60));
            using var sequencer = new LaminaRpcClient(devnet.Rpc("sequencer"), TimeSpan.FromSeconds(60));
            using var op = new LaminaRpcClient(devnet.Rpc("zk-operator"), TimeSpan.FromSeconds(60));
            var chainId = await l1.GetChainIdAsync();
            await BenchClock.UntilAsync(async () =>
            {
                try
                {
                    return (await op.GetZkOperatorHeadAsync()).Proven is not null && (await sequencer.GetL2HeadAsync()).Safe.Number > 0;
                }
                catch (Exception e) when (e is RpcException or RpcClientException or HttpRequestException)
                {
                    return false;
                }
            }, "the sequencer and the ZK operator to be up", TimeSpan.FromSeconds(180), 500);

            using var l1Funder = KeyFile.Read(devnet.DevKey(0));
            using var l2Funder = KeyFile.Read(devnet.DevKey(1));
            using var zkFunder = KeyFile.Read(devnet.DevKey(2));
            using var batcher = KeyFile.Read(devnet.DevKey(4)); // the devnet's batcher and proposer key (DevnetRollup)
            var columns = new List<SideBySideFigures>();
            Console.WriteLine($"L1 … (load {BenchClock.Load()})");
            columns.Add(await SideBySideL1.RunAsync(l1, chainId, l1Funder, transfers, senders));
            Console.WriteLine($"optimistic rollup … (load {BenchClock.Load()})");
            columns.Add(await SideBySideOptimistic.RunAsync(l1, sequencer, chainId, l2Funder, batcher.Address, transfers, senders));
            Console.WriteLine($"ZK rollup … (load {BenchClock.Load()})");
            columns.Add(await SideBySideZk.RunAsync(l1, op, chainId, zkFunder, transfers, senders));
            Print(columns);
            Console.WriteLine($"load average after: {BenchClock.Load()}");
            return 0;
        }
        catch
        {
            var output = devnet.Output;
            Console.Error.WriteLine(output.Length > 6_000 ? output[^6_000..] : output);
            throw;
        }
    }

    private static void Print(List<SideBySideFigures> c)
    {
        string Row(string label, Func<SideBySideFigures, string> cell) => $"| {label} | {string.Join(" | ", c.Select(cell))} |";
        string F(double v, string format = "N1") => v.ToString(format, CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"| per transfer | {string.Join(" | ", c.Select(x => x.Layer))} |");
        Console.WriteLine($"|---|{string.Concat(c.Select(_ => "---|"))}");
        Console.WriteLine(Row("transfers/s carried", x => $"{F(x.CarriedPerSecond)} ({x.CarriedNote})"));
        Console.WriteLine(Row("bytes in L1 blocks", x => F(x.L1BlockBytesPerTransfer)));
        Console.WriteLine(Row("bytes posted to DA (blobs)", x => F(x.DaBytesPerTransfer)));
        Console.WriteLine(Row("L1 gas", x => F(x.L1GasPerTransfer, "N0")));
        Console.WriteLine(Row("fee the user pays", x => x.UserFee));
        Console.WriteLine(Row("soft confirmation", x => $"{x.Soft} ({x.SoftNote})"));
        Console.WriteLine(Row("safe", x => x.Safe.ToString()));
        Console.WriteLine(Row("final", x => $"{x.Final} ({x.FinalNote})"));
        Console.WriteLine(Row("withdrawal reaches L1", x => x.Withdrawal));
        foreach (var x in c.Where(x => x.Extra.Length > 0)) Console.WriteLine($"{x.Layer}: {x.Extra}");
    }
}
