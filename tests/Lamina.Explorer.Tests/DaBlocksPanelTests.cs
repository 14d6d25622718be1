using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lamina.Core;
using Lamina.DataAvailability.Shares;
using Lamina.Explorer.Tests.Support;
using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Node.Hosting;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.Logging;
using static Microsoft.Playwright.Assertions;

namespace Lamina.Explorer.Tests;

/// <summary>
/// A validator on a chain with blobs (also a DA node holding every column, so there is something to sample), a light
/// node of its own (another host: light role only) that samples it, and the validator's config naming that light node
/// (explorerLightRpc), so its explorer shows the light node's verdicts beside each block.
/// </summary>
public sealed class DaBlocksExplorerNode : ExplorerNode, IAsyncLifetime
{
    private readonly string _lightHome = Path.Combine(Path.GetTempPath(), "lamina-explorer-light-" + Guid.NewGuid().ToString("N"));
    private Microsoft.AspNetCore.Builder.WebApplication? _light;

    public int LightPort { get; } = TestHome.FreePort();

    protected override void Prepare()
    {
        var g = Node.Home.Genesis;
        var genesis = new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking, BlobParameters.Default);
        File.WriteAllText(Path.Combine(Node.Home.Path, "genesis.json"), genesis.ToJson());
        new Lamina.Node.NodeConfig
        {
            Name = "validator-0", RpcListen = $"http://127.0.0.1:{Node.Home.Port}", BlockIntervalMs = 200, Roles = ["validator", "da"], DaCustodyGroups = 128,
            ExplorerLightRpc = $"http://127.0.0.1:{LightPort}/rpc",
        }.Save(Node.Home.Path);
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Directory.CreateDirectory(_lightHome);
        File.Copy(Path.Combine(Node.Home.Path, "genesis.json"), Path.Combine(_lightHome, "genesis.json"));
        new Lamina.Node.NodeConfig
        {
            Name = "light-0", RpcListen = $"http://127.0.0.1:{LightPort}", Roles = ["light"], LightRpc = Node.RpcUri.ToString(), LightDaNodes = [Node.RpcUri.ToString()],
        }.Save(_lightHome);
        _light = LaminaNodeHost.Build(_lightHome, l => l.ClearProviders());
        await _light.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_light is not null)
        {
            await _light.StopAsync();
            await _light.DisposeAsync();
        }
        if (Directory.Exists(_lightHome)) Directory.Delete(_lightHome, recursive: true);
        await DisposeAsync();
    }
}

/// <summary>
/// The L1 explorer's DA panel, live in Chromium: a posted blob's block appears with its data root (the header's), its
/// blob count and bytes, the block's blob base fee (the blob module's, per byte) and the light node's verdict on it.
/// </summary>
public sealed class DaBlocksPanelTests(DaBlocksExplorerNode fixture) : IClassFixture<DaBlocksExplorerNode>
{
    [Fact]
    public async Task A_blob_block_shows_its_data_root_blobs_bytes_fee_and_the_light_nodes_verdict()
    {
        var node = fixture.Node;
        var id = new byte[Namespace.IdSize];
        id[^1] = 9;
        await using var explorer = await fixture.OpenAsync();
        await Expect(explorer.ByTestId("da-status")).ToHaveTextAsync("DA node");
        await Expect(explorer.ByTestId("da-blocks-note")).ToContainTextAsync("No block with blobs");

        // Posted while the page is open: the row must appear live.
        var tx = Transaction.Create(node.Home.Funded[1], TestHome.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, new byte[30_000]));
        var hash = (await node.CallAsync("l1_sendTransaction", Hex.Encode(tx.NetworkEncoded)))!.GetValue<string>();
        var height = (await Wait.UntilAsync(async () => (await node.CallAsync("l1_getTransaction", hash))?["blockHeight"]?.GetValue<ulong>(), h => h is not null, "the blob to be included"))!.Value;
        var block = (await node.CallAsync("l1_getBlock", height))!;
        var answer = (JsonObject)(await node.CallAsync("explorer_blobBlocks", 5))!;
        var entry = answer["blocks"]!.AsArray().Single(b => b!["height"]!.GetValue<ulong>() == height)!;
        Assert.Equal(block["dataRoot"]!.GetValue<string>(), entry["dataRoot"]!.GetValue<string>());
        // One blob of 30,000 bytes, priced at the blob module's minimum (1 per byte) on this otherwise blob-free chain.
        Assert.Equal((1, 30_000UL, "1"), (entry["blobs"]!.GetValue<int>(), entry["blobBytes"]!.GetValue<ulong>(), entry["blobBaseFee"]!.GetValue<string>()));

        var row = explorer.Page.Locator($"[data-testid=da-block-row][data-height='{height}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("da-block-root")).ToHaveAttributeAsync("title", block["dataRoot"]!.GetValue<string>());
        await Expect(row.GetByTestId("da-block-blobs")).ToHaveTextAsync("1");
        await Expect(row.GetByTestId("da-block-bytes")).ToHaveTextAsync("30,000");
        await Expect(row.GetByTestId("da-block-fee")).ToHaveTextAsync(entry["blobBaseFee"]!.GetValue<string>());
        // The light node samples it from the DA node and the panel shows its verdict with the formula's confidence.
        await Expect(row.GetByTestId("da-block-sampling")).ToHaveTextAsync(new Regex(@"^available, 99\.\d{4} % \(16/16\)$"));
        await Expect(explorer.ByTestId("da-sampler")).ToContainTextAsync($"light node http://127.0.0.1:{fixture.LightPort}/rpc");
        explorer.AssertNoErrors();
    }
}
