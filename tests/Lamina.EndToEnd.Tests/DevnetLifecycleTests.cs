using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lamina.Client;
using Xunit.Abstractions;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// The operator's path on one real devnet: output a script can read (--json, unwrapped tables, ISO times), a killed
/// node restarted through the devnet, and a signal to the devnet's process group, as a terminal's Ctrl-C sends.
/// </summary>
public sealed partial class DevnetLifecycleTests(ITestOutputHelper output) : TempHomeTest("devnet-life")
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SysKill(int pid, int signal);

    [Fact]
    public async Task Devnet_restarts_a_killed_node_and_stops_every_node_in_order_on_a_signal()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.StartInOwnSession("devnet", "--home", Home, "--base-port", port.ToString(), "--validators", "3");
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(devnet.Output.Contains("Press Ctrl-C")), TimeSpan.FromSeconds(90), () => $"devnet to start; output:\n{devnet.Output}");
        var rpcUrl = $"http://127.0.0.1:{port}/rpc";
        using var rpc = new LaminaRpcClient(new Uri(rpcUrl));
        await Wait.Until(async () => (await rpc.CallAsync("l1_head"))!["height"]!.GetValue<ulong>() >= 2, TimeSpan.FromSeconds(30), "blocks");

        // The summary says how to restart with the built program, and labels balances as read now.
        Assert.DoesNotContain("dotnet run", devnet.Output);
        Assert.Contains($"devnet restart validator-0 --home {Home}", devnet.Output);
        Assert.Matches(new Regex(@"dev key file\s+│\s+address\s+│\s+balance\s"), devnet.Output);

        await ScriptsCanReadTheOutput(rpcUrl);

        // Kill a validator outright; the devnet notices, prints the restart command, and restarts it on request.
        var before = JsonNode.Parse(File.ReadAllText(endpointsFile))!;
        var victim = before["nodes"]![1]!;
        var victimPid = victim["pid"]!.GetValue<int>();
        Process.GetProcessById(victimPid).Kill();
        await Wait.Until(() => Task.FromResult(devnet.Output.Contains("validator-1 exited")), TimeSpan.FromSeconds(20), "the devnet to notice the exit");
        Assert.Contains($"devnet restart validator-1 --home {Home}", devnet.Output);
        var restart = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "devnet", "restart", "validator-1", "--home", Home, "--json");
        Assert.True(restart.ExitCode == 0, restart.Output);
        var newPid = JsonLine(restart.Output)["pid"]!.GetValue<int>();
        Assert.NotEqual(victimPid, newPid);
        Assert.Equal(newPid, JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]![1]!["pid"]!.GetValue<int>());
        using var http = new HttpClient();
        var victimHealth = victim["health"]!.GetValue<string>();
        await Wait.Until(async () => (await http.GetAsync(victimHealth)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the restarted node to be healthy");

        var nodePids = JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray().Select(n => n!["pid"]!.GetValue<int>()).ToList();
        // What a terminal's Ctrl-C does: SIGINT to the whole foreground process group. A devnet that inherited
        // SIGINT as ignored (started with & by a non-interactive shell) rightly keeps ignoring it: then SIGTERM.
        var signal = SignalIgnored(devnet.Id, SigInt) ? SigTerm : SigInt;
        output.WriteLine($"sending signal {signal} to process group {devnet.Id}");
        Assert.Equal(0, SysKill(-devnet.Id, signal));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await devnet.WaitForExitAsync(timeout.Token);
        var text = devnet.Output;
        output.WriteLine(text);
        Assert.Equal(0, devnet.ExitCode);
        var stops = new[] { "Stopped validator-0 (exit code 0)", "Stopped validator-1 (exit code 0)", "Stopped validator-2 (exit code 0)", "Devnet stopped." }.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.True(stops.All(i => i >= 0), "every node is reported stopped, then the devnet:\n" + text);
        Assert.True(stops.SequenceEqual(stops.Order()), "nodes stop in order, before 'Devnet stopped.':\n" + text);
        foreach (var pid in nodePids) Assert.False(IsRunning(pid), $"node process {pid} outlived the devnet");
        for (var i = 0; i < 3; i++)
        {
            var log = File.ReadAllText(Path.Combine(Home, $"node{i}", "node.log"));
            Assert.Contains("Node stopped cleanly.", log);
        }

        await ReusedHomeShowsCurrentBalances(port);
    }

    /// <summary>The same home again (nothing left holding its locks): dev-1 paid for a transfer, and the table shows it.</summary>
    private async Task ReusedHomeShowsCurrentBalances(int port)
    {
        using var again = LaminaProcess.StartInOwnSession("devnet", "--home", Home, "--base-port", port.ToString(), "--json");
        await Wait.Until(() => Task.FromResult(again.Output.Contains("\"devKeyBalances\"")), TimeSpan.FromSeconds(90), () => $"the devnet to start again; output:\n{again.Output}");
        var doc = JsonLine(again.Output);
        var dev1 = doc["devKeyBalances"]!.AsArray().Single(k => k!["file"]!.GetValue<string>().EndsWith("dev-1.key", StringComparison.Ordinal))!;
        Assert.Equal("current", dev1["balanceIs"]!.GetValue<string>());
        using var rpc = new LaminaRpcClient(new Uri($"http://127.0.0.1:{port}/rpc"));
        var now = (await rpc.CallAsync("l1_getAccount", dev1["address"]!.GetValue<string>()))!["balance"]!.GetValue<string>();
        Assert.Equal(now, dev1["balance"]!.GetValue<string>());
        Assert.NotEqual("1000000000000000000000000", now);
        Assert.Equal(0, SysKill(again.Id, SigTerm));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await again.WaitForExitAsync(timeout.Token);
        Assert.Contains("Devnet stopped.", again.Output);
    }

    private async Task ScriptsCanReadTheOutput(string rpcUrl)
    {
        var head = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "query", "head", "--rpc", rpcUrl, "--json");
        Assert.True(head.ExitCode == 0, head.Output);
        var json = JsonLine(head.Output);
        Assert.True(json["time"]!.GetValue<ulong>() > 1_700_000_000_000UL, "--json keeps the raw epoch-millisecond time");
        var height = json["height"]!.GetValue<ulong>();

        // Output to a pipe: no wrapping at the 80 columns a console falls back to, and ISO times.
        var block = await LaminaProcess.RunNarrowAsync(TimeSpan.FromSeconds(60), "query", "block", height.ToString(), "--rpc", rpcUrl);
        Assert.True(block.ExitCode == 0, block.Output);
        Assert.Matches(new Regex(@"│ time\s+│ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"), block.Output);
        Assert.Matches(new Regex(@"│ stateRoot\s+│ 0x[0-9a-f]{64} "), block.Output);

        var keys = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "keys", "list", "--dir", Path.Combine(Home, "dev-keys"), "--json");
        Assert.Equal(5, JsonLine(keys.Output).AsArray().Count);

        var tip = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "transfer", "--to", "0x000000000000000000000000000000000000beef", "--amount", "1", "--tip", "-1", "--rpc", rpcUrl);
        Assert.Equal(1, tip.ExitCode);
        Assert.Equal("error: --tip must be a non-negative whole number, not '-1'\nsee 'lamina transfer --help'", tip.Output.Trim());

        var zero = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "transfer", "--to", "0x000000000000000000000000000000000000beef", "--amount", "0",
            "--key", Path.Combine(Home, "dev-keys", "dev-1.key"), "--rpc", rpcUrl);
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("--amount 0 moves nothing but still pays the fee; pass --allow-zero", zero.Output);

        var sent = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "transfer", "--to", "0x000000000000000000000000000000000000beef", "--amount", "7",
            "--key", Path.Combine(Home, "dev-keys", "dev-1.key"), "--rpc", rpcUrl, "--json");
        Assert.True(sent.ExitCode == 0, sent.Output);
        var receipt = JsonLine(sent.Output);
        Assert.Equal("final", receipt["status"]!.GetValue<string>());
        Assert.Equal("transfer", receipt["kind"]!.GetValue<string>());
        Assert.NotNull(receipt["receipt"]!["gasUsed"]);
    }

    /// <summary>The --json document: one line of stdout (status lines go to stderr, merged into the same capture).</summary>
    private static JsonNode JsonLine(string output)
        => JsonNode.Parse(output.Split('\n').Single(l => l.StartsWith('{') || l.StartsWith('[')))!;

    private static bool SignalIgnored(int pid, int signal)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
