using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lamina.Cli.Commands;

/// <summary>
/// A <c>rollup_getGame</c> answer drawn for a terminal: a heading with the outcome, the claim tree (every claim under
/// the claim it counters, with its side, level, L2 block, bond, the clock its side had used and its counterers' clock,
/// and how it ended), both clocks on the newest claim's path, each one-step verdict, and the bonds per party.
/// </summary>
public static class DisputeTreeView
{
    public static IRenderable Render(JsonObject? game, ulong rollup)
    {
        if (game is null) return new Markup(Markup.Escape($"no dispute game against rollup {rollup} yet; waiting for one"));
        var status = Text(game["status"]);
        var colour = status == "open" ? "yellow" : status == "defenderWins" ? "green" : "red";
        var heading = new Markup($"[bold]game against output {Text(game["outputIndex"])}[/] (L2 block {Text(game["l2BlockNumber"])}, disputed root {Markup.Escape(Short(Text(game["disputedRoot"])))}): "
            + $"[{colour}]{Markup.Escape(Outcome(status))}[/], {Text(game["moves"])} moves, L1 height {Text(game["height"])}"
            + (game["resolvable"]?.GetValue<bool>() == true ? ", [yellow]resolvable now[/]" : ""));
        var parts = new List<IRenderable> { heading, Lists(game), Tree(game), Clocks(game) };
        foreach (var descent in game["descents"] as JsonArray ?? [])
            if (descent is JsonObject d) parts.Add(new Markup(Markup.Escape(Descent(d))));
        foreach (var move in game["moveLog"] as JsonArray ?? [])
            if (move?["step"] is JsonObject step) parts.Add(new Markup(Markup.Escape($"one step (move {Text(move["index"])} by {Short(Text(move["mover"]))}): {Text(step["verdict"])}; "
                + $"pre-state {Short(Text(step["preStateRoot"]))}, L1's post-state {Short(Text(step["l1PostStateRoot"]))}")));
        parts.Add(Bonds(game));
        return new Rows(parts);
    }

    /// <summary>Who supplies a descended block's transaction list: L1 derives it from the batch blobs, or the sides open it.</summary>
    private static Markup Lists(JsonObject game) => new(game["derivedLists"]?.GetValue<bool>() == true
        ? "block lists: [bold]derived on L1[/] from the batch blobs"
        : "block lists: opened by the side that descends (header lists)");

    private static string Descent(JsonObject d)
    {
        var head = $"descent at claim #{Text(d["rootClaim"])} into L2 block {(d["preL2Block"]?.GetValue<ulong>() ?? 0) + 1}: {Text(d["txCount"])} transactions, list ";
        if (d["derivedFrom"] is not JsonObject from) return head + "opened by the side that descended";
        var source = from["auto"]?.GetValue<bool>() == true
            ? $"built by derivation at L1 height {Text(from["l1Height"])}"
            : $"derived from batch {Text(from["batch"])}, blob {Text(from["blobPosition"])} (L1 height {Text(from["l1Height"])})";
        return head + source + $": {Text(from["candidates"])} candidates, {Text(from["applied"])} applied";
    }

    private static string Outcome(string status) => status switch
    {
        "open" => "open",
        "defenderWins" => "the output stands (defender wins)",
        _ => "the output is removed (challenger wins)",
    };

    private static Tree Tree(JsonObject game)
    {
        var claims = game["claims"] as JsonArray ?? [];
        var maxClock = game["config"]?["maxClockMs"]?.GetValue<ulong>() ?? 0;
        var tree = new Tree(new Markup($"[bold]claim tree[/] (clocks of {Seconds(maxClock)} per side, extension {Seconds(game["config"]?["extensionMs"]?.GetValue<ulong>() ?? 0)})"));
        var nodes = new Dictionary<int, TreeNode>();
        foreach (var claim in claims)
        {
            if (claim is not JsonObject c) continue;
            var index = c["index"]!.GetValue<int>();
            var parent = c["parent"]!.GetValue<int>();
            var label = new Markup(Label(c, maxClock));
            nodes[index] = parent >= 0 && nodes.TryGetValue(parent, out var above) ? above.AddNode(label) : tree.AddNode(label);
        }
        return tree;
    }

    private static string Label(JsonObject c, ulong maxClock)
    {
        var side = Text(c["side"]);
        var where = c["l2BlockNumber"] is { } block ? $"L2 block {Text(block)}" : $"tx trace of descent {Text(c["descent"])}";
        var end = c["countered"] is { } countered
            ? (countered.GetValue<bool>() ? $"[red]countered[/], bond to {Markup.Escape(Short(Text(c["paidTo"])))}" : "[green]stands[/], bond back")
            : c["steppedBy"] is { } stepper ? $"[red]stepped by {Markup.Escape(Short(Text(stepper)))}[/]" : "";
        var counter = c["counterClockMs"]?.GetValue<ulong>() ?? 0;
        return $"#{Text(c["index"])} [{(side == "defender" ? "green" : "blue")}]{side}[/] {Text(c["level"])} d{Text(c["globalDepth"])} {where} "
            + $"· {Markup.Escape(Short(Text(c["claimant"])))} · bond {Text(c["bond"])} · clock {Seconds(c["clockMs"]?.GetValue<ulong>() ?? 0)}, counter {Seconds(Math.Min(counter, maxClock))}"
            + (end.Length > 0 ? " · " + end : "");
    }

    private static Markup Clocks(JsonObject game)
    {
        if (game["clocks"] is not JsonObject clocks) return new Markup("");
        var max = clocks["maxClockMs"]?.GetValue<ulong>() ?? 0;
        var running = clocks["running"]?.GetValue<string>();
        return new Markup(Markup.Escape($"clocks on claim {Text(clocks["claim"])}'s path: defender {Seconds(clocks["defenderMs"]?.GetValue<ulong>() ?? 0)}, "
            + $"challenger {Seconds(clocks["challengerMs"]?.GetValue<ulong>() ?? 0)} of {Seconds(max)}" + (running is null ? " (stopped)" : $" ({running}'s clock running)")));
    }

    private static Table Bonds(JsonObject game)
    {
        var table = new Table().AddColumns("party", "bonds locked", "paid by the game");
        foreach (var party in game["bonds"] as JsonArray ?? [])
            table.AddRow(Text(party?["address"]), Text(party?["locked"]), party?["paid"] is { } paid ? Text(paid) : "(game open)");
        return table;
    }

    private static string Seconds(ulong ms) => (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Short(string hex) => hex.Length > 18 ? hex[..10] + "…" + hex[^6..] : hex;

    private static string Text(JsonNode? node) => node?.ToString() ?? "";
}
