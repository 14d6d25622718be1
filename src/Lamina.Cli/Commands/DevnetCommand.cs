using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.L1.Genesis;
using Lamina.Node;
using Lamina.Client;
using Lamina.Node.Modules;
using Spectre.Console;

namespace Lamina.Cli.Commands;

public static class DevnetCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "Devnet directory", DefaultValueFactory = _ => Defaults.DevnetHome };
        var fresh = new Option<bool>("--fresh") { Description = "Wipe the devnet directory first" };
        var validators = new Option<int>("--validators") { Description = "Number of validator processes", DefaultValueFactory = _ => 4 };
        var basePort = new Option<int>("--base-port") { Description = "RPC port of node0", DefaultValueFactory = _ => 26657 };
        var restart = new Option<bool>("--restart") { Description = "Restart a node that exits, after a backoff (1 s, doubling to 30 s)" };
        var zkFault = new Option<string?>("--zk-fault") { Description = $"New devnet only: a dishonest ZK operator that lies in every batch holding a user transaction ({string.Join(", ", Node.Zk.ZkRoleConfig.FaultNames)})" };
        zkFault.AcceptOnlyFromAmong(Node.Zk.ZkRoleConfig.FaultNames);
        var zkExodusDelay = new Option<ulong?>("--zk-exodus-delay") { Description = $"New devnet only: L1 blocks a ZK priority request may wait before the rollup freezes (default {DevnetZk.ExodusDelayBlocks})" };
        var l2Fault = new Option<string[]>("--l2-fault") { Description = $"A dishonest optimistic-rollup sequencer for this run ({string.Join(", ", DevnetRollup.SequencerFaults)}; wrong-root: its first output root is wrong and it defends it in the dispute game against challenger-0; bad-transition: the first output over a transaction comes from a faulty execution of one seeded random transaction, defended with that faulty history down to L1's one step); without it sequencer-0 is honest" };
        l2Fault.AcceptOnlyFromAmong(DevnetRollup.SequencerFaults);
        var challengerFault = new Option<string?>("--challenger-fault") { Description = $"A dishonest optimistic-rollup challenger, challenger-1, beside the honest challenger-0 for this run ({string.Join(", ", DevnetRollup.ChallengerFaults)}; lie: it disputes a correct output root and plays its lie to the end, and challenger-0 defends the root down to L1's one step; freeload: it makes made-up attacks on every wrong claim, which challenger-0 counters)" };
        challengerFault.AcceptOnlyFromAmong(DevnetRollup.ChallengerFaults);
        var command = new Command("devnet", "Start a local Lamina network on embedded defaults and keep it running until Ctrl-C") { home, fresh, validators, basePort, restart, zkFault, zkExodusDelay, l2Fault, challengerFault };
        command.SetAction((parse, _) => CliErrors.Run(() =>
        {
            var zk = parse.GetValue(zkFault) is null && parse.GetValue(zkExodusDelay) is null
                ? null
                : new DevnetZkOptions(parse.GetValue(zkFault), parse.GetValue(zkExodusDelay) ?? DevnetZk.ExodusDelayBlocks);
            return RunAsync(parse.GetValue(home)!, parse.GetValue(fresh), parse.GetValue(validators), parse.GetValue(basePort), parse.GetValue(restart), zk, parse.GetValue(l2Fault) ?? [], parse.GetValue(challengerFault));
        }));
        command.Subcommands.Add(DevnetRestartCommand.Create());
        return command;
    }

    private static async Task<int> RunAsync(string home, bool fresh, int validators, int basePort, bool autoRestart, DevnetZkOptions? zk, string[] l2Faults, string? challengerFault)
    {
        zk?.Validate();
        // Ctrl-C and SIGTERM end the wait below; the nodes are then stopped in order. The nodes run in sessions of
        // their own, so the terminal's Ctrl-C reaches only this process.
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var ct = stop.Token;

        home = Path.GetFullPath(home);
        if (fresh && Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
            CliOutput.Info($"[yellow]Wiped[/] {Markup.Escape(home)}");
        }
        var created = false;
        var exists = File.Exists(Path.Combine(home, "genesis.json"));
        // The rollup is registered once, by the operator the devnet was made with: these cannot change a devnet that exists.
        if (exists && zk is not null) throw new ConfigException($"--zk-fault and --zk-exodus-delay apply when a devnet is created; {home} holds one (add --fresh to start over)");
        if (!exists)
        {
            // The devnet carries data-availability blobs (the genesis "blobs" section), so `lamina da` has a chain to post to,
            // and runs the rollups module with one optimistic rollup registered (NetworkLayout.DevnetRollup). Its games
            // derive a disputed block's list on L1 from the batch blobs ("derivedRollupLists"), so a proposer that keeps
            // its list to itself cannot win one.
            NetworkLayout.Initialize(home, validators, "lamina-devnet", basePort, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), blobs: Lamina.L1.Blobs.BlobParameters.Default,
                rollups: [NetworkLayout.DevnetRollup()], zk: zk, derivedRollupLists: DevnetRollup.DerivedLists);
            CliOutput.Info($"[green]Created[/] a new devnet in {Markup.Escape(home)}");
            created = true;
        }
        var genesis = GenesisConfig.Load(Path.Combine(home, "genesis.json"));
        DevnetRollup.SetSequencerFaults(home, l2Faults);
        DevnetRollup.SetChallengerFault(home, challengerFault);
        var nodeCount = Directory.GetDirectories(home, "node*").Length;

        var supervisor = new DevnetSupervisor(autoRestart);
        try
        {
            for (var i = 0; i < nodeCount; i++)
            {
                var nodeHome = NetworkLayout.NodeHome(home, i);
                var config = NodeConfig.Load(nodeHome);
                File.Delete(Path.Combine(nodeHome, DevnetSupervisor.RestartRequestFile));
                supervisor.Start(config.Name, nodeHome, config.RpcListen.TrimEnd('/') + "/rpc");
            }

            async Task WaitAll()
            {
                foreach (var node in supervisor.Nodes) await WaitHealthy(node.Rpc.Replace("/rpc", "/health"), node.Process, node.Home, ct);
            }
            if (CliOutput.Json) await WaitAll();
            else await AnsiConsole.Status().StartAsync("Waiting for nodes to answer /health…", _ => WaitAll());

            WriteEndpoints(home, genesis, supervisor.Nodes);
            supervisor.NodesChanged += () => WriteEndpoints(home, genesis, supervisor.Nodes);
            await PrintSummary(home, genesis, supervisor.Nodes, fresh || created);

            CliOutput.Info("[grey]Press Ctrl-C to stop the devnet. Data stays in the home; --fresh starts over.[/]");
            // A validator that dies (or is killed to try fault tolerance) does not stop the devnet: the others keep
            // finalizing while at most a third of the power is down, and a restarted node catches up by block sync.
            await supervisor.SuperviseAsync(ct);
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            supervisor.StopAll();
            CliOutput.Info("[grey]Devnet stopped.[/]");
        }
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
                // 503 is a node that is up but not (yet) committing: it answers, which is all start-up waits for.
                if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable) return;
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

    private static readonly Lock EndpointsGate = new();

    /// <summary>Written whole and renamed into place, so readers (scripts, `devnet restart`) never see half a file.</summary>
    private static void WriteEndpoints(string home, GenesisConfig genesis, IReadOnlyList<DevnetSupervisor.ManagedNode> nodes)
    {
        lock (EndpointsGate)
        {
            var doc = EndpointsDocument(home, genesis, nodes);
            var path = Path.Combine(home, "endpoints.json");
            File.WriteAllText(path + ".tmp", doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }

    private static JsonObject EndpointsDocument(string home, GenesisConfig genesis, IReadOnlyList<DevnetSupervisor.ManagedNode> nodes)
    {
        var list = new JsonArray();
        foreach (var n in nodes)
        {
            // The node's modules describe its roles and URLs, as the node itself will serve them.
            var entry = NodeEndpoints.Describe(NodeConfig.Load(n.Home), NodeModules.BuiltIn());
            entry["name"] = n.Name;
            entry["home"] = n.Home;
            entry["log"] = Path.Combine(n.Home, "node.log");
            entry["pid"] = n.Process.Id;
            list.Add(entry);
        }
        return new JsonObject
        {
            ["chainId"] = genesis.ChainId,
            ["genesisHash"] = genesis.Hash().ToString(),
            ["supervisorPid"] = Environment.ProcessId,
            ["nodes"] = list,
            ["devKeys"] = Path.Combine(home, "dev-keys"),
        };
    }

    private static async Task PrintSummary(string home, GenesisConfig genesis, IReadOnlyList<DevnetSupervisor.ManagedNode> nodes, bool newChain)
    {
        // Balances now, read from the first node: a reused home has moved on from genesis.
        var keys = new List<(string File, string Address, string? Balance)>();
        using (var client = new LaminaRpcClient(new Uri(nodes[0].Rpc)))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(home, "dev-keys"), "*.key").Order(StringComparer.Ordinal))
            {
                using var key = Node.Keys.KeyFile.Read(file);
                string? balance;
                try
                {
                    balance = (await client.GetAccountAsync(key.Address)).Balance.ToString(CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is RpcException or RpcClientException)
                {
                    balance = null;
                }
                keys.Add((file, key.Address.ToString(), balance));
            }
        }
        var current = keys.All(k => k.Balance is not null);
        if (CliOutput.Json)
        {
            var doc = EndpointsDocument(home, genesis, nodes);
            var list = new JsonArray();
            foreach (var k in keys) list.Add(new JsonObject { ["file"] = k.File, ["address"] = k.Address, ["balance"] = k.Balance ?? NetworkLayout.DevBalance.ToString(CultureInfo.InvariantCulture), ["balanceIs"] = current ? "current" : "genesis" });
            doc["devKeyBalances"] = list;
            CliOutput.Write(doc, () => { });
            return;
        }
        AnsiConsole.MarkupLine($"[green]Devnet running[/]: chain [bold]{Markup.Escape(genesis.ChainId)}[/], endpoints in {Markup.Escape(Path.Combine(home, "endpoints.json"))}");
        var table = new Table().AddColumns("node", "role", "rpc", "explorer", "pid", "log");
        foreach (var n in nodes) table.AddRow(n.Name, string.Join("+", NodeConfig.Load(n.Home).RoleSet), n.Rpc, n.Rpc[..^"/rpc".Length] + "/", n.Process.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(Path.Combine(n.Home, "node.log")));
        AnsiConsole.Write(table);
        var keyTable = new Table().AddColumns("dev key file", "address", current ? "balance" : "genesis balance");
        foreach (var k in keys) keyTable.AddRow(Markup.Escape(k.File), k.Address, k.Balance ?? NetworkLayout.DevBalance.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(keyTable);
        if (!newChain) AnsiConsole.MarkupLine("[grey]Reusing an existing devnet home: balances are as of its current head.[/]");
        var self = DevnetSupervisor.SelfCommandLine();
        AnsiConsole.MarkupLine($"Try: [bold]{Markup.Escape(self)} transfer --to 0x000000000000000000000000000000000000beef --amount 1000[/]");
        if (nodes.Any(n => NodeConfig.Load(n.Home).RoleSet.Contains(Lamina.Node.Optimistic.OptimisticNodeModule.Sequencer)))
            AnsiConsole.MarkupLine($"Optimistic rollup {DevnetRollup.RollupId}: [bold]{Markup.Escape(self)} l2 deposit --amount 100000[/], then [bold]l2 transfer[/], [bold]l2 withdraw[/], [bold]l2 status[/]");
        if (nodes.Any(n => NodeConfig.Load(n.Home).RoleSet.Contains(Lamina.Node.Zk.ZkNodeModule.Operator)))
            AnsiConsole.MarkupLine($"ZK rollup {DevnetZk.RollupId}: [bold]{Markup.Escape(self)} keys new --scheme zk[/], a deposit on L1, then [bold]zk transfer[/], [bold]zk withdraw[/], [bold]zk status[/]");
        AnsiConsole.MarkupLine($"Restart a node that exited: [bold]{Markup.Escape(DevnetSupervisor.RestartCommand(nodes[0].Name, home))}[/]");
    }
}
