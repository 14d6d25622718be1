using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// <c>lamina dispute list|show</c>: the dispute games against a rollup's outputs, read over the dispute_* RPC
/// (<c>dispute_list</c>, <c>dispute_get</c>); <c>show</c> prints the claim tree with clocks, bonds and who countered what.
/// </summary>
public static class DisputeCommand
{
    public static Command Create()
    {
        var command = new Command("dispute", "The optimistic rollup's dispute games: list them, show one's claim tree");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Option<string?> RpcOption() => new("--rpc") { Description = "Node RPC URL (default: the devnet's first node)" };

    private static Option<ulong> RollupOption() => new("--rollup") { Description = "Rollup id (default: the devnet's, 1)", DefaultValueFactory = _ => DevnetRollup.RollupId };

    private static Command List()
    {
        var rpc = RpcOption();
        var rollup = RollupOption();
        var cmd = new Command("list", "Every game against the rollup's outputs, oldest first") { rollup, rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var answer = Object(client, await client.CallAsync("dispute_list", parse.GetValue(rollup)), "dispute_list");
            var games = answer["games"] as JsonArray ?? throw Unexpected(client, "dispute_list answered no 'games' array");
            CliOutput.Write(answer, () =>
            {
                var table = new Table().AddColumns("output", "L2 block", "status", "moves", "proposer", "created at");
                foreach (var game in games)
                {
                    table.AddRow(Text(game?["outputIndex"]), Text(game?["l2BlockNumber"]), Text(game?["status"]), Text(game?["moves"]), Text(game?["proposer"]), Text(game?["createdAtHeight"]));
                }
                AnsiConsole.Write(table);
            });
            return 0;
        }));
        return cmd;
    }

    private static Command Show()
    {
        var rpc = RpcOption();
        var rollup = RollupOption();
        var output = new Argument<ulong>("output") { Description = "Index of the disputed output" };
        var cmd = new Command("show", "One game: its claims (level, depth, L2 block, claimant, bond, clock), descents and outcome") { output, rollup, rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var game = Object(client, await client.CallAsync("dispute_get", parse.GetValue(rollup), parse.GetValue(output)), "dispute_get");
            var claims = game["claims"] as JsonArray ?? throw Unexpected(client, "dispute_get answered no 'claims' array");
            CliOutput.Write(game, () =>
            {
                AnsiConsole.MarkupLine(Markup.Escape($"output {Text(game["outputIndex"])} (L2 block {Text(game["l2BlockNumber"])}): {Text(game["status"])}, {Text(game["moves"])} moves, bound {Text(game["resolutionBoundMs"])} ms"));
                var table = new Table().AddColumns("claim", "parent", "level", "depth", "L2 block", "claimant", "bond", "clock ms", "countered");
                foreach (var claim in claims)
                {
                    var countered = claim?["countered"] is { } c ? Text(c) : claim?["steppedBy"] is { } s ? $"stepped by {Text(s)}" : "";
                    table.AddRow(Text(claim?["index"]), Text(claim?["parent"]), Text(claim?["level"]), Text(claim?["depth"]), Text(claim?["l2BlockNumber"]),
                        Text(claim?["claimant"]), Text(claim?["bond"]), Text(claim?["counterClockMs"]), countered);
                }
                AnsiConsole.Write(table);
            });
            return 0;
        }));
        return cmd;
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? "";

    private static JsonObject Object(LaminaRpcClient client, JsonNode? answer, string method) => answer as JsonObject ?? throw Unexpected(client, $"{method} answered no object");

    private static RpcClientException Unexpected(LaminaRpcClient client, string what) =>
        new(RpcClientError.UnexpectedResult, client.Endpoint, $"{client.Endpoint}: {what}: is it a Lamina node's /rpc URL?");
}
