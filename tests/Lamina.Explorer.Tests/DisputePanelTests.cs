using System.Globalization;
using Lamina.Client;
using Lamina.Explorer.Tests.Support;
using Lamina.L1.Rollups;
using Lamina.Node;
using Lamina.Node.Optimistic;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Explorer.Tests;

/// <summary>
/// A validator that also runs the da role and the optimistic rollup's sequencer (batches as blobs, a true output every
/// 500 ms), with rollup 12 registered with a 120 s challenge window, dispute clocks of 20 s and a 6 s extension, on a
/// genesis that derives disputed lists on L1 (<c>derivedRollupLists</c>, as the devnet's).
/// </summary>
public sealed class DisputeExplorerNode : ExplorerNode
{
    public const ulong RollupId = 12, L2ChainId = 121;

    protected override void Prepare()
    {
        base.Prepare();
        var home = Node.Home;
        home.WriteGenesisWithBlobs([new RollupConfig(RollupId, L2ChainId, L2Rollup.GenesisOutputRoot, 5_000, 120, 400, home.Funded[0].Address, default, 20, 6)], derivedLists: true);
        Lamina.Node.Keys.KeyFile.Write(Path.Combine(home.Path, "batcher.key"), home.Funded[0]);
        var config = NodeConfig.Load(home.Path);
        config.Roles = ["validator", "da", OptimisticNodeModule.Sequencer];
        config.L2 = new L2RoleConfig { RollupId = RollupId, L1Rpc = Node.RpcUri.ToString(), BlockIntervalMs = 100, BatchIntervalMs = 1_000, ProposeIntervalMs = 500 };
        config.Save(home.Path);
    }
}

/// <summary>
/// The disputes panel in a real browser while a real derived game is played on the node's chain: a lying challenger
/// disputes a true output and an honest challenger counters it, both over Lamina.Client (<see cref="DerivedLyingChallengerGame"/>).
/// The page shows the game open with its moves arriving, then the outcome, that L1 derived the disputed block's list
/// from the batch blob (and which), L1's one-step verdict, both clocks and the bonds paid, each checked against what
/// rollup_getGame serves.
/// </summary>
public sealed class DisputePanelTests(DisputeExplorerNode fixture) : IClassFixture<DisputeExplorerNode>
{
    [Fact]
    public async Task A_derived_game_is_shown_move_by_move_with_its_list_source_the_clocks_the_one_step_verdict_and_the_bonds_paid()
    {
        var home = fixture.Node.Home;
        var game = new DerivedLyingChallengerGame(fixture.Node.RpcUri, DisputeExplorerNode.RollupId, home.Funded[2], home.Funded[3], home.Funded[1]);
        await using var explorer = await fixture.OpenAsync("#disputes-section");
        await Expect(explorer.ByTestId("dispute-none")).ToBeVisibleAsync();
        await Expect(explorer.ByTestId("dispute-status")).ToHaveTextAsync("no games");

        await game.TransactAsync(DisputeExplorerNode.L2ChainId, TimeSpan.FromSeconds(90));
        var play = game.PlayAsync(TimeSpan.FromMinutes(5));
        var output = await Wait.UntilAsync(() => Task.FromResult(game.OutputIndex), o => o is not null || play.IsCompleted, "the liar to open its game", TimeSpan.FromSeconds(120));
        if (play.IsFaulted) await play;
        var panel = explorer.Page.Locator($"[data-testid=dispute-game][data-output='{output}']");
        // While it is played: open, with moves arriving live (the page is never reloaded).
        await Expect(panel.GetByTestId("game-status")).ToHaveTextAsync("open", new() { Timeout = 60_000 });
        await Expect(panel.GetByTestId("game-lists")).ToHaveTextAsync("derived on L1");
        await Expect(panel.GetByTestId("move-row")).Not.ToHaveCountAsync(0);
        await Expect(explorer.ByTestId("dispute-status")).ToHaveTextAsync("1 open, 0 resolved");
        var early = await panel.GetByTestId("move-row").CountAsync();
        await Expect(panel.GetByTestId("move-row")).Not.ToHaveCountAsync(early, new() { Timeout = 60_000 });
        await play;

        using var client = new LaminaRpcClient(fixture.Node.RpcUri);
        var served = (await client.CallAsync("rollup_getGame", DisputeExplorerNode.RollupId, output!.Value))!;
        Assert.Equal("defenderWins", served["status"]!.GetValue<string>());
        var moves = served["moveLog"]!.AsArray();
        await Expect(panel.GetByTestId("game-status")).ToHaveTextAsync("output stands (defender wins)", new() { Timeout = 30_000 });
        await Expect(explorer.ByTestId("dispute-status")).ToHaveTextAsync("0 open, 1 resolved");
        await Expect(panel.GetByTestId("game-moves")).ToHaveTextAsync(moves.Count.ToString(CultureInfo.InvariantCulture));
        await Expect(panel.GetByTestId("move-row")).ToHaveCountAsync(moves.Count);
        // Every move as played: the newest first, each kind as L1 recorded it, the descent into the block derived on L1.
        var kinds = await panel.GetByTestId("move-kind").AllTextContentsAsync();
        Assert.Equal(moves.Reverse().Select(m => m!["kind"]!.GetValue<string>()), kinds.Select(k => k.Split(' ')[0]));
        Assert.Contains(kinds, k => k.StartsWith("derive", StringComparison.OrdinalIgnoreCase));

        // The list L1 derived the disputed block from: the batch blob, as served.
        Assert.True(served["derivedLists"]!.GetValue<bool>());
        var descent = Assert.Single(served["descents"]!.AsArray())!;
        var from = descent["derivedFrom"]!;
        Assert.False(from["auto"]!.GetValue<bool>(), "the transfer's block was built by derivation, not read from the batch");
        Assert.True(descent["txCount"]!.GetValue<ulong>() >= 1);
        await Expect(panel.GetByTestId("descent-row")).ToHaveCountAsync(1);
        await Expect(panel.GetByTestId("descent-list")).ToHaveTextAsync(
            $"derived from batch {from["batch"]}, blob {from["blobPosition"]} (L1 height {from["l1Height"]}): {from["candidates"]} candidates, {from["applied"]} applied");

        // L1's one step: the honest side stepped the liar's claim at the bottom, and the page gives L1's post-state.
        var step = Assert.Single(moves, m => m!["step"] is not null)!["step"]!;
        Assert.Equal(game.Liar.ToString(), step["counteredClaimant"]!.GetValue<string>());
        await Expect(panel.GetByTestId("step-verdict")).ToContainTextAsync(step["verdict"]!.GetValue<string>());
        await Expect(panel.GetByTestId("step-post")).ToHaveAttributeAsync("title", step["l1PostStateRoot"]!.GetValue<string>());

        // Both clocks, stopped, as served.
        var clocks = served["clocks"]!;
        Assert.Null(clocks["running"]);
        foreach (var side in new[] { "defender", "challenger" })
        {
            var used = clocks[side + "Ms"]!.GetValue<ulong>();
            await Expect(panel.GetByTestId("clock-" + side)).ToContainTextAsync(" of 20 s");
            Assert.True(used > 0, $"the {side}'s clock never ran");
        }

        // The bonds, as served: every claim of the liar was countered by the honest challenger, who is paid them all
        // besides its own; the liar is paid nothing.
        foreach (var party in served["bonds"]!.AsArray())
        {
            var row = panel.Locator($"[data-testid=bond-row][data-address='{party!["address"]!.GetValue<string>()}']");
            await Expect(row.GetByTestId("bond-locked")).ToHaveTextAsync(Grouped(party["locked"]!.GetValue<string>()));
            await Expect(row.GetByTestId("bond-paid")).ToHaveTextAsync(Grouped(party["paid"]!.GetValue<string>()));
        }
        var liarClaims = served["claims"]!.AsArray().Where(c => c!["claimant"]!.GetValue<string>() == game.Liar.ToString()).ToList();
        Assert.NotEmpty(liarClaims);
        Assert.All(liarClaims, c => Assert.True(c!["countered"] is { } countered ? countered.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == game.Honest.ToString() : c["steppedBy"]!.GetValue<string>() == game.Honest.ToString(), c.ToJsonString()));
        var bonds = served["bonds"]!.AsArray().ToDictionary(b => b!["address"]!.GetValue<string>(), b => (Locked: UInt128.Parse(b!["locked"]!.GetValue<string>(), CultureInfo.InvariantCulture), Paid: UInt128.Parse(b!["paid"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
        Assert.Equal(UInt128.Zero, bonds[game.Liar.ToString()].Paid);
        Assert.Equal(bonds[game.Liar.ToString()].Locked + bonds[game.Honest.ToString()].Locked, bonds[game.Honest.ToString()].Paid);
        explorer.AssertNoErrors();
    }

    private static string Grouped(string digits) => UInt128.Parse(digits, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
}
