using System.Globalization;
using System.Text.RegularExpressions;
using Lamina.Core;
using Lamina.DataAvailability.Shares;
using Lamina.Explorer.Tests.Support;
using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Lamina.Explorer.Tests;

/// <summary>A node running validator and da on a chain with blobs, and a headless Chromium, for the explorer's DA panel.</summary>
public sealed class DaExplorerNode : ExplorerNode
{
    protected override void Prepare()
    {
        var g = Node.Home.Genesis;
        var genesis = new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking, BlobParameters.Default);
        File.WriteAllText(Path.Combine(Node.Home.Path, "genesis.json"), genesis.ToJson());
        new Lamina.Node.NodeConfig { Name = "da-node", RpcListen = $"http://127.0.0.1:{Node.Home.Port}", BlockIntervalMs = 200, Roles = ["validator", "da"] }.Save(Node.Home.Path);
    }

    /// <summary>Opens the old /da address, which must redirect to the explorer's DA section.</summary>
    public async Task<ExplorerPage> OpenDaAsync()
    {
        var session = await OpenAsync("da");
        Assert.EndsWith("/#da-section", session.Page.Url, StringComparison.Ordinal);
        return session;
    }
}

/// <summary>The explorer's DA panel in a real browser: a posted blob's square appears with the columns this node holds, as da_square says, and the blob fee market.</summary>
public sealed class DaPageTests(DaExplorerNode fixture) : IClassFixture<DaExplorerNode>
{
    [Fact]
    public async Task A_posted_blobs_square_shows_with_this_nodes_columns_and_the_blob_fee()
    {
        var node = fixture.Node;
        var id = new byte[Namespace.IdSize];
        id[^1] = 7;
        var tx = Transaction.Create(node.Home.Funded[0], TestHome.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, new byte[30_000]));
        var hash = (await node.CallAsync("l1_sendTransaction", Hex.Encode(tx.NetworkEncoded)))!.GetValue<string>();
        var height = await Wait.UntilAsync(async () => (await node.CallAsync("l1_getTransaction", hash))?["blockHeight"]?.GetValue<ulong>(), h => h is not null, "the blob to be included");
        var square = await Wait.UntilAsync(async () => (await node.RequestAsync("da_square", new System.Text.Json.Nodes.JsonArray(height!.Value)))["result"], r => r is not null, "the square to be stored");

        await using var explorer = await fixture.OpenDaAsync();
        await Expect(explorer.ByTestId("da-status")).ToHaveTextAsync("DA node");
        await Expect(explorer.ByTestId("da-groups")).ToHaveTextAsync("4");
        var custody = (await node.CallAsync("da_custody", null, 128))!;
        await Expect(explorer.ByTestId("da-node-id")).ToHaveTextAsync(custody["nodeId"]!.GetValue<string>());
        var share = 100.0 * custody["columns"]!.AsArray().Count / 128;
        await Expect(explorer.ByTestId("da-share")).ToHaveTextAsync(share.ToString("F1", CultureInfo.InvariantCulture) + " %");
        await Expect(explorer.ByTestId("da-not-da")).ToBeHiddenAsync();
        // The search box ignores the section fragment: it is navigation, not a query.
        await Expect(explorer.ByTestId("search-result")).ToBeHiddenAsync();
        await Expect(explorer.ByTestId("search-error")).ToBeHiddenAsync();
        await Expect(explorer.ByTestId("da-base-fee")).ToHaveTextAsync(new Regex(@"^\d{1,3}(,\d{3})*$"));
        var row = explorer.Page.Locator($"[data-testid=square-row][data-height='{height}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("square-k")).ToHaveTextAsync(square!["k"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture));
        await Expect(row.GetByTestId("square-held")).ToHaveTextAsync($"{square["heldColumns"]!.AsArray().Count} / {square["width"]!.GetValue<int>()}");
        Assert.Equal(square["heldColumns"]!.AsArray().Count, await row.Locator(".cell.held").CountAsync());
        explorer.AssertNoErrors();
    }
}
