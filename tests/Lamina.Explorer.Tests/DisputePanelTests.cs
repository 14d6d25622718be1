using System.Globalization;
using Lamina.Client;
using Lamina.Explorer.Tests.Support;
using Lamina.L1.Rollups;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Explorer.Tests;

/// <summary>A node whose rollup 12 starts from the L2 chain's genesis output, with dispute clocks of 20 s and a 6 s extension.</summary>
public sealed class DisputeExplorerNode : ExplorerNode
{
    public const ulong RollupId = 12;

    public RollupConfig Rollup => new(RollupId, 121, L2Rollup.GenesisOutputRoot, 5_000, 120, 10, Node.Home.Funded[0].Address, default, 20, 6);

    protected override void Prepare()
    {
        base.Prepare();
        Node.Home.WriteGenesisWithBlobs([Rollup]);
    }
}

/// <summary>
/// The disputes panel in a real browser while a real game is played on the node's chain: a lying challenger disputes
/// a true output and the proposer defends it over Lamina.Client (<see cref="LyingChallengerGame"/>). The page shows the
/// game open with its moves arriving, then the outcome, L1's one-step verdict, both clocks and the bonds paid, each
/// checked against what rollup_getGame serves.
/// </summary>
public sealed class DisputePanelTests(DisputeExplorerNode fixture) : IClassFixture<DisputeExplorerNode>
{
    [Fact]
    public async Task A_game_is_shown_move_by_move_with_the_clocks_the_one_step_verdict_and_the_bonds_paid()
    {
        var home = fixture.Node.Home;
        var game = new LyingChallengerGame(fixture.Node.RpcUri, fixture.Rollup, home.Funded[2], home.Funded[3], home.Funded[1]);
        await using var explorer = await fixture.OpenAsync("#disputes-section");
        await Expect(explorer.ByTestId("dispute-none")).ToBeVisibleAsync();
        await Expect(explorer.ByTestId("dispute-status")).ToHaveTextAsync("no games");

        await game.ProposeAsync(CancellationToken.None);
        var play = game.PlayAsync(TimeSpan.FromMinutes(4));
        var panel = explorer.Page.Locator($"[data-testid=dispute-game][data-output='{game.OutputIndex}']");
        // While it is played: open, with moves arriving live (the page is never reloaded).
        await Expect(panel.GetByTestId("game-status")).ToHaveTextAsync("open", new() { Timeout = 60_000 });
        await Expect(panel.GetByTestId("move-row")).Not.ToHaveCountAsync(0);
        await Expect(explorer.ByTestId("dispute-status")).ToHaveTextAsync("1 open, 0 resolved");
        var early = await panel.GetByTestId("move-row").CountAsync();
        await Expect(panel.GetByTestId("move-row")).Not.ToHaveCountAsync(early, new() { Timeout = 60_000 });
        await play;

        using var client = new LaminaRpcClient(fixture.Node.RpcUri);
        var served = (await client.CallAsync("rollup_getGame", DisputeExplorerNode.RollupId, game.OutputIndex))!;
        Assert.Equal("defenderWins", served["status"]!.GetValue<string>());
        var moves = served["moveLog"]!.AsArray();
        await Expect(panel.GetByTestId("game-status")).ToHaveTextAsync("output stands (defender wins)", new() { Timeout = 30_000 });
        await Expect(explorer.ByTestId("dispute-status")).ToHaveTextAsync("0 open, 1 resolved");
        await Expect(panel.GetByTestId("game-moves")).ToHaveTextAsync(moves.Count.ToString(CultureInfo.InvariantCulture));
        await Expect(panel.GetByTestId("move-row")).ToHaveCountAsync(moves.Count);
        // Every move as played: the newest first, each kind as L1 recorded it.
        var kinds = await panel.GetByTestId("move-kind").AllTextContentsAsync();
        Assert.Equal(moves.Reverse().Select(m => m!["kind"]!.GetValue<string>()), kinds.Select(k => k.Split(' ')[0]));
        Assert.Contains("descendAttack", kinds.Select(k => k.Split(' ')[0]));

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

        // The bonds: the liar locked its claims' bonds and is paid nothing; the proposer is paid all the liar locked besides its own.
        foreach (var party in served["bonds"]!.AsArray())
        {
            var row = panel.Locator($"[data-testid=bond-row][data-address='{party!["address"]!.GetValue<string>()}']");
            await Expect(row.GetByTestId("bond-locked")).ToHaveTextAsync(Grouped(party["locked"]!.GetValue<string>()));
            await Expect(row.GetByTestId("bond-paid")).ToHaveTextAsync(Grouped(party["paid"]!.GetValue<string>()));
        }
        var bonds = served["bonds"]!.AsArray().ToDictionary(b => b!["address"]!.GetValue<string>(), b => (Locked: UInt128.Parse(b!["locked"]!.GetValue<string>(), CultureInfo.InvariantCulture), Paid: UInt128.Parse(b!["paid"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
        Assert.Equal(UInt128.Zero, bonds[game.Liar.ToString()].Paid);
        Assert.Equal(bonds[game.Liar.ToString()].Locked + bonds[game.Proposer.ToString()].Locked, bonds[game.Proposer.ToString()].Paid);
        explorer.AssertNoErrors();
    }

    private static string Grouped(string digits) => UInt128.Parse(digits, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
}
