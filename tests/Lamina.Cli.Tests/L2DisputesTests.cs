using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.Node.Tests.Support;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Cli.Tests;

/// <summary>
/// A real node whose rollup 11 registers dispute clocks of 3 s and a 1 s extension, so an unanswered game resolves
/// within a test; its genesis derives disputed lists on L1, as the devnet's does.
/// </summary>
public sealed class DisputeClockNode : NodeFixture
{
    public const ulong RollupId = 11;
    public static readonly UInt128 Bond = 5_000;

    public static RollupConfig Rollup(Address poster) => new(RollupId, 111, L2Rollup.GenesisOutputRoot, Bond, 60, 10, poster, default, 3, 1);

    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs([Rollup(Home.Funded[0].Address)], derivedLists: true);
        return StartAsync();
    }
}

/// <summary>
/// <c>lamina l2 disputes</c> against a real chain: with no game it says so; <c>--once</c> draws a game's claim tree with
/// the values rollup_getGame serves; the live view follows the game until it resolves (here: the proposer never
/// answers, loses on time, and its bond is paid to the challenger) and then exits.
/// </summary>
public sealed class L2DisputesTests(DisputeClockNode node) : IClassFixture<DisputeClockNode>
{
    private const ulong Id = DisputeClockNode.RollupId;

    private static async Task FinalAsync(LaminaRpcClient client, Transaction tx)
    {
        await client.SendTransactionAsync(tx.Encoded);
        Assert.True(await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(60)) is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
    }

    private static string Short(string hex) => hex[..10] + "…" + hex[^6..];

    [Fact]
    public async Task The_game_tree_is_drawn_once_and_followed_live_until_it_resolves()
    {
        var rpc = node.RpcUri.ToString();
        var (exit, none) = await CliRun.RunAsync("l2", "disputes", "--once", "--rollup", "11", "--rpc", rpc);
        Assert.Equal(0, exit);
        Assert.Contains("no dispute game against rollup 11 yet", none);

        using var client = new LaminaRpcClient(node.RpcUri);
        var proposerKey = node.Home.Funded[2];
        var proposer = new RollupTxBuilder(proposerKey, TestHome.ChainId, (await client.GetAccountAsync(proposerKey.Address)).PendingNonce, 10_000, 2);
        var wrong = new Lamina.L2.Optimistic.OptimisticOutput(new Hash256(Enumerable.Repeat((byte)0x5B, 32).ToArray()), Hash256.Zero, 1);
        await FinalAsync(client, proposer.Output(Id, wrong, DisputeClockNode.Bond));
        var challengerKey = node.Home.Funded[3];
        var challenger = new RollupTxBuilder(challengerKey, TestHome.ChainId, (await client.GetAccountAsync(challengerKey.Address)).PendingNonce, 10_000, 2);
        var bond = OutputGameConfig.ForRollup(DisputeClockNode.Rollup(node.Home.Funded[0].Address)).BondAt(1);
        await FinalAsync(client, challenger.Sign(new DisputeCreatePayload(Id, 1, L2Rollup.GenesisHeader.Output, new Hash256(Enumerable.Repeat((byte)0x3D, 32).ToArray()), bond)));

        // --once: the tree as rollup_getGame serves it.
        var (onceExit, once) = await CliRun.RunAsync("l2", "disputes", "--once", "--rollup", "11", "--rpc", rpc);
        Assert.True(onceExit == 0, once);
        var game = (await client.CallAsync("rollup_getGame", Id, 1))!;
        Assert.True(once.Contains($"game against output 1 (L2 block 1, disputed root {Short(wrong.Root.ToString())}): open, 1 moves", StringComparison.Ordinal), once);
        var claims = game["claims"]!.AsArray();
        Assert.True(once.Contains($"#0 defender block d0 L2 block 1 · {Short(proposerKey.Address.ToString())} · bond {claims[0]!["bond"]}", StringComparison.Ordinal), once);
        Assert.True(once.Contains($"#1 challenger block d1 L2 block 1 · {Short(challengerKey.Address.ToString())} · bond {bond}", StringComparison.Ordinal), once);
        Assert.True(once.Contains("clocks of 3.0 s per side, extension 1.0 s", StringComparison.Ordinal), once);
        Assert.True(game["derivedLists"]!.GetValue<bool>());
        Assert.True(once.Contains("block lists: derived on L1 from the batch blobs", StringComparison.Ordinal), once);
        Assert.True(once.Contains($"{challengerKey.Address} │ {bond}", StringComparison.Ordinal), once);

        // --json --once: one document, the game rollup_getGame serves.
        var (jsonExit, json) = await CliRun.RunAsync("l2", "disputes", "--once", "--json", "--rollup", "11", "--rpc", rpc);
        Assert.Equal(0, jsonExit);
        var document = JsonNode.Parse(json)!;
        Assert.True(JsonNode.DeepEquals(game["moveLog"], document["moveLog"]), json);

        // Live: followed until the game resolves. Nobody answers the challenger, so once the clocks ran out anyone may
        // resolve it; the view then shows the outcome and the bonds paid, and the command exits by itself.
        var live = CliRun.RunAsync("l2", "disputes", "--rollup", "11", "--interval-ms", "200", "--rpc", rpc);
        await Wait.UntilAsync(async () => (await client.CallAsync("rollup_getGame", Id, 1))!["resolvable"]!.GetValue<bool>(), r => r, "the game to be resolvable", TimeSpan.FromSeconds(60));
        var anyoneKey = node.Home.Funded[4];
        var anyone = new RollupTxBuilder(anyoneKey, TestHome.ChainId, (await client.GetAccountAsync(anyoneKey.Address)).PendingNonce, 10_000, 2);
        await FinalAsync(client, anyone.Sign(new DisputeResolvePayload(Id, 1)));
        var finished = await live.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(finished.ExitCode == 0, finished.Output);
        var resolved = (await client.CallAsync("rollup_getGame", Id, 1))!;
        Assert.Equal("challengerWins", resolved["status"]!.GetValue<string>());
        var paid = resolved["bonds"]!.AsArray().Single(b => b!["address"]!.GetValue<string>() == challengerKey.Address.ToString())!["paid"]!.GetValue<string>();
        Assert.Equal((DisputeClockNode.Bond + bond).ToString(), paid);
        // The live view printed the open game first, then the resolved one with its payout, and stopped there.
        var output = finished.Output;
        Assert.True(output.IndexOf(": open, 1 moves", StringComparison.Ordinal) < output.IndexOf("the output is removed (challenger wins)", StringComparison.Ordinal), output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, $@"{challengerKey.Address} │ {bond} +│ {paid} +│"), output);
        Assert.True(output.Contains($"#0 defender block d0 L2 block 1 · {Short(proposerKey.Address.ToString())} · bond {claims[0]!["bond"]}", StringComparison.Ordinal), output);
        Assert.True(output.Contains("countered, bond to " + Short(challengerKey.Address.ToString()), StringComparison.Ordinal), output);
    }
}
