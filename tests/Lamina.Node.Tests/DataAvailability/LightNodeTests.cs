using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.DataAvailability.Sampling;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Node.Hosting;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>A validator that is also a DA node custodying every column, on a chain with blobs.</summary>
public sealed class FullCustodyDaFixture : NodeFixture
{
    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs();
        new NodeConfig { Name = "da-node", RpcListen = $"http://127.0.0.1:{Home.Port}", BlockIntervalMs = 50, Roles = ["validator", "da"], DaCustodyGroups = 128 }.Save(Home.Path);
        return StartAsync();
    }
}

/// <summary>
/// A light node as its own host (role light only: no chain, no store of blocks): it follows the validator with the
/// light client from block 1 signed by the genesis set, and samples the block that carries a posted blob from the DA
/// node, reporting it available with the theoretical confidence over light_status.
/// </summary>
public sealed class LightNodeTests(FullCustodyDaFixture node) : IClassFixture<FullCustodyDaFixture>
{
    [Fact]
    public async Task A_light_node_follows_the_chain_and_samples_a_block_with_blobs()
    {
        var home = Path.Combine(Path.GetTempPath(), "lamina-light-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            File.Copy(Path.Combine(node.Home.Path, "genesis.json"), Path.Combine(home, "genesis.json"));
            var port = TestHome.FreePort();
            new NodeConfig { Name = "light-0", RpcListen = $"http://127.0.0.1:{port}", Roles = ["light"], LightRpc = node.RpcUri.ToString(), LightDaNodes = [node.RpcUri.ToString()] }.Save(home);
            var app = LaminaNodeHost.Build(home, l => l.ClearProviders());
            await app.StartAsync();
            try
            {
                using var client = new LaminaRpcClient(node.RpcUri);
                var id = new byte[Namespace.IdSize];
                id[^1] = 0x21;
                var tx = Transaction.Create(node.Home.Funded[2], TestHome.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, new byte[9_000]));
                var included = await client.WaitFinalAsync(await client.SendTransactionAsync(tx.NetworkEncoded), TimeSpan.FromSeconds(20));
                var height = included!.BlockHeight!.Value;

                using var light = new LaminaRpcClient(new Uri($"http://127.0.0.1:{port}/rpc"));
                var report = await Wait.UntilAsync(async () => ((JsonObject)(await light.CallAsync("light_status"))!)["reports"]!.AsArray()
                    .FirstOrDefault(r => r!["height"]!.GetValue<ulong>() == height), r => r is not null, "the light node to sample the blob's block", TimeSpan.FromSeconds(30));
                Assert.True(report!["available"]!.GetValue<bool>(), report.ToJsonString());
                Assert.Equal(16, report["verified"]!.GetValue<int>());
                var k = report["k"]!.GetValue<int>();
                Assert.Equal(SamplingMath.Confidence(k, 16), report["confidence"]!.GetValue<double>(), 9);
                Assert.True((await light.CallAsync("light_status"))!["trustedHeight"]!.GetValue<ulong>() >= height);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
