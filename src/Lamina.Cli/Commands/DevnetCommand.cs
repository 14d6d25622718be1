using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.L1.Genesis;
using Lamina.Node;
using Lamina.Node.Modules;
using Spectre.Console;

namespace Lamina.Cli.Commands;

public static partial class DevnetCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "Devnet directory", DefaultValueFactory = _ => Defaults.DevnetHome };
        var fresh = new Option<bool>("--fresh") { Description = "Wipe the devnet directory first" };
        var validators = new Option<int>("--validators") { Description = "Number of validator processes", DefaultValueFactory = _ => 4 };
        var basePort = new Option<int>("--base-port") { Description = "RPC port of node0", DefaultValueFactory = _ => 26657 };
        var command = new Command("devnet", "Start a local Lamina network on embedded defaults and keep it running until Ctrl-C") { home, fresh, validators, basePort };
        command.SetAction((parse, ct) => CliErrors.Run(() => RunAsync(parse.GetValue(home)!, parse.GetValue(fresh), parse.GetValue(validators), parse.GetValue(basePort), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string home, bool fresh, int validators, int basePort, CancellationToken ct)
    {
        home = Path.GetFullPath(home);
        if (fresh && Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
            AnsiConsole.MarkupLine($"[yellow]Wiped[/] {Markup.Escape(home)}");
        }
        if (!File.Exists(Path.Combine(home, "genesis.json")))
        {
            NetworkLayout.Initialize(home, validators, "lamina-devnet", basePort, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            AnsiConsole.MarkupLine($"[green]Created[/] a new devnet in {Markup.Escape(home)}");
        }
        var genesis = GenesisConfig.Load(Path.Combine(home, "genesis.json"));
        var nodeCount = Directory.GetDirectories(home, "node*").Length;

        var nodes = new List<(string Name, Process Process, string Rpc, string Home)>();
        try
        {
            for (var i = 0; i < nodeCount; i++)
            {
                var nodeHome = NetworkLayout.NodeHome(home, i);
                var config = NodeConfig.Load(nodeHome);
                var process = StartNode(nodeHome);
                nodes.Add((config.Name, process, config.RpcListen.TrimEnd('/') + "/rpc", nodeHome));
            }

            await AnsiConsole.Status().StartAsync("Waiting for nodes to answer /health…", async _ =>
            {
                foreach (var node in nodes) await WaitHealthy(node.Rpc.Replace("/rpc", "/health"), node.Process, node.Home, ct);
            });

            WriteEndpoints(home, genesis, nodes);
            PrintSummary(home, genesis, nodes);

            AnsiConsole.MarkupLine("[grey]Press Ctrl-C to stop the devnet. Data stays in the home; --fresh starts over.[/]");
            // A validator that dies (or is killed to try fault tolerance) does not stop the devnet: the others keep
            // finalizing while at most a third of the power is down, and a restarted node catches up by block sync.
            foreach (var node in nodes)
            {
                var n = node;
                _ = n.Process.WaitForExitAsync(CancellationToken.None).ContinueWith(_ =>
                {
                    if (ct.IsCancellationRequested) return;
                    AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(n.Name)} exited (code {n.Process.ExitCode})[/]; log: {Markup.Escape(Path.Combine(n.Home, "node.log"))}. " +
                        $"Restart it with: [bold]dotnet run --project src/Lamina.Cli -- node --home {Markup.Escape(n.Home)}[/]");
                }, TaskScheduler.Default);
            }
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        }
        finally
        {
            foreach (var node in nodes) Stop(node.Process);
            AnsiConsole.MarkupLine("[grey]Devnet stopped.[/]");
        }
    }

    private static Process StartNode(string nodeHome)
    {
        var info = SelfCommand("node", "--home", nodeHome, "--parent-pid", Environment.ProcessId.ToString());
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var log = new StreamWriter(Path.Combine(nodeHome, "node.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs this same program again with other arguments (as the apphost, or through dotnet for a .dll).</summary>
    public static ProcessStartInfo SelfCommand(params string[] args)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var info = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet") info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    private static async Task WaitHealthy(string healthUrl, Process process, string nodeHome, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new ConfigException($"node in {nodeHome} exited during start-up; see {Path.Combine(nodeHome, "node.log")}");
            try
            {
                using var response = await http.GetAsync(healthUrl, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(200, ct);
        }
        throw new ConfigException($"node in {nodeHome} did not become healthy within 60 s; see {Path.Combine(nodeHome, "node.log")}");
    }

    private static void WriteEndpoints(string home, GenesisConfig genesis, List<(string Name, Process Process, string Rpc, string Home)> nodes)
    {
        var list = new JsonArray();
        foreach (var n in nodes)
        {
            // The node's modules describe its roles and URLs, as the node itself will serve them.
            var entry = NodeEndpoints.Describe(NodeConfig.Load(n.Home), NodeModules.BuiltIn());
            entry["name"] = n.Name;
            entry["home"] = n.Home;
            entry["pid"] = n.Process.Id;
            list.Add(entry);
        }
        var doc = new JsonObject { ["chainId"] = genesis.ChainId, ["genesisHash"] = genesis.Hash().ToString(), ["nodes"] = list, ["devKeys"] = Path.Combine(home, "dev-keys") };
        File.WriteAllText(Path.Combine(home, "endpoints.json"), doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void PrintSummary(string home, GenesisConfig genesis, List<(string Name, Process Process, string Rpc, string Home)> nodes)
    {
        AnsiConsole.MarkupLine($"[green]Devnet running[/]: chain [bold]{Markup.Escape(genesis.ChainId)}[/], endpoints in {Markup.Escape(Path.Combine(home, "endpoints.json"))}");
        var table = new Table().AddColumns("node", "role", "rpc", "explorer", "pid");
        foreach (var n in nodes) table.AddRow(n.Name, "validator", n.Rpc, n.Rpc[..^"/rpc".Length] + "/", n.Process.Id.ToString());
        AnsiConsole.Write(table);
        var keys = new Table().AddColumns("dev key file", "address", "balance");
        foreach (var file in Directory.GetFiles(Path.Combine(home, "dev-keys"), "*.key").Order(StringComparer.Ordinal))
        {
            using var key = Node.Keys.KeyFile.Read(file);
            keys.AddRow(Markup.Escape(file), key.Address.ToString(), NetworkLayout.DevBalance.ToString());
        }
        AnsiConsole.Write(keys);
        AnsiConsole.MarkupLine("Try: [bold]dotnet run --project src/Lamina.Cli -- transfer --to 0x000000000000000000000000000000000000beef --amount 1000[/]");
    }

    private static void Stop(Process process)
    {
        try
        {
            if (process.HasExited) return;
            // SIGTERM lets the node shut down cleanly; SIGKILL would also be safe (every block is one synced batch).
            if (!OperatingSystem.IsWindows()) _ = SysKill(process.Id, 15);
            if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SysKill(int pid, int signal);
}
