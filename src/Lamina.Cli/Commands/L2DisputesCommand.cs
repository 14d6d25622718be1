using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// <c>lamina l2 disputes</c>: the dispute game against a rollup's output, live. It reads <c>rollup_getDisputes</c> and
/// <c>rollup_getGame</c> from an L1 node and draws the claim tree (each claim's side, level, L2 block, bond, both
/// clocks, and who countered it), the one-step verdicts and the bonds, refreshing until the game resolves; with no game
/// yet it waits for one. <c>--once</c> prints the current state and exits (scripts and tests); with --json each state
/// is one JSON document. It follows <c>--output N</c>, else the newest open game, else the newest game.
/// </summary>
public static class L2DisputesCommand
{
    public static Command Create()
    {
        var rpc = new Option<string?>("--rpc") { Description = "L1 node RPC URL (default: the devnet's first node)" };
        var rollup = new Option<ulong>("--rollup") { Description = "Rollup id (default: the devnet's, 1)", DefaultValueFactory = _ => DevnetRollup.RollupId };
        var output = new Option<ulong?>("--output") { Description = "Index of the disputed output (default: the newest open game, else the newest game)" };
        var once = new Option<bool>("--once") { Description = "Print the game as it is now and exit, instead of following it until it resolves" };
        var interval = new Option<int>("--interval-ms") { Description = "How often the live view reads the game", DefaultValueFactory = _ => 1_000 };
        var command = new Command("disputes", "The dispute game tree, live: bisection moves, both clocks, the one-step verdict and the bonds, until it resolves")
        {
            rollup, output, once, interval, rpc,
        };
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var watch = new Watch(client, parse.GetValue(rollup), parse.GetValue(output));
            if (parse.GetValue(once))
            {
                var state = await watch.ReadAsync(ct);
                CliOutput.Write(state.Json, () => AnsiConsole.Write(DisputeTreeView.Render(state.Game, state.Rollup)));
                return 0;
            }
            var pause = TimeSpan.FromMilliseconds(Math.Clamp(parse.GetValue(interval), 50, 60_000));
            // A terminal gets one view redrawn in place; a pipe or file (and --json) gets each new state once.
            if (!CliOutput.Json && AnsiConsole.Profile.Capabilities.Interactive)
            {
                await AnsiConsole.Live(new Text("reading the game…")).StartAsync(async live =>
                {
                    while (true)
                    {
                        var state = await watch.ReadAsync(ct);
                        live.UpdateTarget(DisputeTreeView.Render(state.Game, state.Rollup));
                        if (state.Over) return;
                        await Task.Delay(pause, ct);
                    }
                });
                return 0;
            }
            string? shown = null;
            while (true)
            {
                var state = await watch.ReadAsync(ct);
                if (state.Key != shown)
                {
                    shown = state.Key;
                    CliOutput.Write(state.Json, () => AnsiConsole.Write(DisputeTreeView.Render(state.Game, state.Rollup)));
                }
                if (state.Over) return 0;
                await Task.Delay(pause, ct);
            }
        }));
        return command;
    }

    /// <summary>One reading: the game followed (null while there is none), and whether the watch is over.</summary>
    private sealed record State(JsonObject? Game, ulong Rollup, JsonObject Json)
    {
        public bool Over => Game?["status"]?.GetValue<string>() is { } status && status != "open";

        /// <summary>What changes between readings worth printing again: the moves, the status, the resolvability.</summary>
        public string Key => Game is null ? "none" : $"{Game["outputIndex"]}/{Game["moves"]}/{Game["status"]}/{Game["resolvable"]}";
    }

    private sealed class Watch(LaminaRpcClient client, ulong rollup, ulong? output)
    {
        private ulong? _following = output;

        public async Task<State> ReadAsync(CancellationToken ct)
        {
            if (_following is null)
            {
                var list = Object(await client.CallAsync("rollup_getDisputes", rollup), "rollup_getDisputes");
                var games = list["games"] as JsonArray ?? throw Unexpected("rollup_getDisputes answered no 'games' array");
                JsonNode? chosen = null;
                foreach (var game in games)
                    if (chosen is null || game?["status"]?.GetValue<string>() == "open" || chosen["status"]?.GetValue<string>() != "open") chosen = game;
                if (chosen is null) return new State(null, rollup, new JsonObject { ["rollupId"] = rollup, ["game"] = null, ["height"] = list["height"]?.DeepClone() });
                _following = chosen["outputIndex"]?.GetValue<ulong>() ?? throw Unexpected("a game without 'outputIndex'");
            }
            var full = Object(await client.CallAsync("rollup_getGame", rollup, _following.Value), "rollup_getGame");
            if (full["claims"] is not JsonArray) throw Unexpected("rollup_getGame answered no 'claims' array");
            return new State(full, rollup, full);
        }

        private JsonObject Object(JsonNode? answer, string method) => answer as JsonObject ?? throw Unexpected($"{method} answered no object");

        private RpcClientException Unexpected(string what) =>
            new(RpcClientError.UnexpectedResult, client.Endpoint, $"{client.Endpoint}: {what}: is it a Lamina node's /rpc URL?");
    }
}
