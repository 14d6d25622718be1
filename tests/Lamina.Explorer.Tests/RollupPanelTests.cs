using System.Globalization;
using Lamina.Client;
using Lamina.Explorer.Tests.Support;
using Lamina.L1.Rollups;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Lamina.Explorer.Tests;

/// <summary>A node whose genesis turns blobs on and registers rollup 7, and a headless Chromium, for the explorer's rollups panel.</summary>
public sealed class RollupExplorerNode : ExplorerNode
{
    public const ulong RollupId = 7;

    protected override void Prepare()
    {
        var g = Node.Home.Genesis;
        var rollup = new RollupConfig(RollupId, 77, SparseMerkleTree.EmptyRoot, 5_000, 60, 10, Node.Home.Funded[0].Address);
        var genesis = new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking, BlobParameters.Default, [rollup]);
        File.WriteAllText(Path.Combine(Node.Home.Path, "genesis.json"), genesis.ToJson());
        // It names an "L2 node" for its explorer's heads: itself, which runs no l2 role, so the row shows that node's refusal.
        var config = Lamina.Node.NodeConfig.Load(Node.Home.Path);
        config.ExplorerL2Rpcs = [Node.RpcUri.ToString()];
        config.Save(Node.Home.Path);
    }
}

/// <summary>The rollups panel in a real browser: the registered rollup, its escrow and a deposit as rollup_* report them, the genesis output final.</summary>
public sealed class RollupPanelTests(RollupExplorerNode fixture) : IClassFixture<RollupExplorerNode>
{
    [Fact]
    public async Task A_deposit_shows_in_the_rollup_panel_with_the_escrow_and_the_final_genesis_output()
    {
        var node = fixture.Node;
        using var client = new LaminaRpcClient(node.RpcUri);
        var sender = node.Home.Funded[1];
        var builder = new RollupTxBuilder(sender, TestHome.ChainId, (await client.GetAccountAsync(sender.Address)).PendingNonce, 10_000, 2);
        var deposit = builder.Deposit(RollupExplorerNode.RollupId, TestHome.RandomAddress(), 123_456);
        await client.SendTransactionAsync(deposit.Encoded);
        var final = await client.WaitFinalAsync(deposit.Hash, TimeSpan.FromSeconds(30));
        Assert.True(final is { IsIncluded: true }, "the deposit was not included in time");
        var listed = Assert.Single((await client.ListRollupsAsync()).Rollups);

        await using var explorer = await fixture.OpenAsync("#rollups-section");
        await Expect(explorer.ByTestId("rollup-status")).ToHaveTextAsync("1 registered");
        var panel = explorer.Page.Locator($"[data-testid=rollup][data-rollup-id='{RollupExplorerNode.RollupId}']");
        await Expect(panel).ToHaveCountAsync(1);
        await Expect(panel.GetByTestId("rollup-deposits")).ToHaveTextAsync("1");
        await Expect(panel.GetByTestId("rollup-escrowed")).ToHaveTextAsync(listed.Escrowed.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(panel.GetByTestId("deposit-amount")).ToHaveTextAsync("123,456");
        await Expect(panel.GetByTestId("rollup-withdrawn")).ToHaveTextAsync("0");
        // Only the genesis output exists: L2 block 0 is both the latest proposed and the finalized block.
        await Expect(panel.GetByTestId("rollup-finalized-l2")).ToHaveTextAsync("0");
        await Expect(panel.GetByTestId("rollup-proposed-l2")).ToHaveTextAsync("0");
        // Output 0 is the genesis output root, final from the start.
        await Expect(panel.Locator("[data-testid=output-row][data-index='0']").GetByTestId("output-status")).ToHaveTextAsync("final");
        // This node is neither sequencer nor verifier, so the panel shows the L2 nodes it names (explorerL2Rpcs): here
        // one that answers l2_head with an error, shown on its row rather than breaking the panel.
        var named = explorer.Page.Locator($"[data-testid=l2-node-row][data-source='{node.RpcUri}']");
        await Expect(named.GetByTestId("l2-node-error")).ToContainTextAsync("l2_head");
        // The section fragment is navigation, not a search.
        await Expect(explorer.ByTestId("search-error")).ToBeHiddenAsync();
        explorer.AssertNoErrors();
    }
}
