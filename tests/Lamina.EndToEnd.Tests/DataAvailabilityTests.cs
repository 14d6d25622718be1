using System.Diagnostics;
using System.Text.Json.Nodes;
using Lamina.Client;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// Data availability with real processes: the devnet posts a blob with `lamina da post`; each of its four DA nodes
/// (processes with the da role alone, which follow only headers and fetch their columns from peers, each checked
/// against the verified data root) holds exactly the columns its custody names, never the whole square; the light
/// node samples them; `lamina da get --namespace` returns the blob whole with complete proofs; `lamina da sample`
/// verifies 16 cells from the DA nodes against the light client's header; with one DA node killed, sampling the others
/// either reaches its confidence or reports the block unavailable (never a false "available"); and the killed node,
/// restarted, fetches its columns of a block it missed from the network.
/// </summary>
public sealed class DataAvailabilityTests() : TempHomeTest("da")
{
    [Fact]
    public async Task Devnet_posts_a_blob_shards_its_columns_samples_it_and_a_restarted_node_resyncs()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.Start("devnet", "--home", Home, "--base-port", port.ToString());
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && devnet.Output.Contains("Devnet running")), TimeSpan.FromSeconds(90), () => $"devnet to start; output:\n{devnet.Output}");
        var all = JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray();
        // Four validators, a light node, the rollups' nodes, then four DA nodes of their own (role "da" alone).
        var lightNode = Assert.Single(all, n => n!["role"]!.GetValue<string>() == "light");
        var lightRpc = lightNode!["rpc"]!.GetValue<string>();
        var l1Rpc = all.First(n => n!["name"]!.GetValue<string>() == "validator-0")!["rpc"]!.GetValue<string>();
        var nodes = new JsonArray([.. all.Where(n => n!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).SequenceEqual(["da"])).Select(n => n!.DeepClone())]);
        Assert.Equal(["da-0", "da-1", "da-2", "da-3"], nodes.Select(n => n!["name"]!.GetValue<string>()));
        var rpcs = nodes.Select(n => n!["rpc"]!.GetValue<string>()).ToList();

        var blob = Path.Combine(Home, "blob.bin");
        await File.WriteAllBytesAsync(blob, Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray());
        var key = Path.Combine(Home, "dev-keys", "dev-0.key");
        var post = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "da", "post", "--namespace", "0x0a", "--file", blob, "--rpc", l1Rpc, "--key", key, "--json");
        Assert.True(post.ExitCode == 0, post.Output);
        var height = JsonNode.Parse(post.Output.Split('\n').Last(l => l.StartsWith('{')))!["blockHeight"]!.GetValue<ulong>();

        var clients = rpcs.Select(r => new LaminaRpcClient(new Uri(r))).ToList();
        try
        {
            foreach (var client in clients)
            {
                // Stored all at once when every custody column arrived and checked out (a retry may fill a gap first).
                var square = await SquareAsync(client, height);
                var custody = await client.GetCustodyAsync(width: square.Width);
                await Wait.Until(async () => (square = await client.GetSquareAsync(height)).HeldColumns.SequenceEqual(custody.Columns), TimeSpan.FromSeconds(20),
                    () => $"{client.Endpoint} to hold its custody columns {string.Join(",", custody.Columns)} of height {height}, holds {string.Join(",", square.HeldColumns)}");
                Assert.Equal(custody.Columns, square.HeldColumns);
                Assert.True(square.HeldColumns.Count < square.Width, $"{client.Endpoint} holds every column");
                // A DA node without the chain answers the chain-level methods too: namespace data from the square it
                // rebuilds from its columns and its peers' (the same answer, proofs and all, as validator-0's from its
                // sidecars), and the blob fee from the fee record proven against a header its light client verified.
                using (var l1 = new LaminaRpcClient(new Uri(l1Rpc)))
                {
                    var ns = "0x" + new string('0', 56) + "0a"; // version 0 ‖ the 28-byte id 0x0a, right-aligned (as lamina da post reads --namespace 0x0a)
                    Assert.True(JsonNode.DeepEquals(await l1.GetNamespaceDataAsync(height, ns), await client.GetNamespaceDataAsync(height, ns)), $"{client.Endpoint}'s namespace data differs from validator-0's");
                    var fee = await client.GetBlobFeeAsync();
                    Assert.True(fee.Height >= height);
                    var header = await l1.GetBlockAsync(fee.Height);
                    Assert.Equal(header.Json["stateRoot"]!.GetValue<string>(), fee.Json["provenAgainstStateRoot"]!.GetValue<string>());
                }
            }

            // The devnet's light node samples that block by itself and reports it available.
            using (var light = new LaminaRpcClient(new Uri(lightRpc)))
            {
                JsonNode? verdict = null;
                await Wait.Until(async () =>
                {
                    verdict = (await light.CallAsync("light_status"))!["reports"]!.AsArray().FirstOrDefault(r => r!["height"]!.GetValue<ulong>() == height);
                    return verdict is not null;
                }, TimeSpan.FromSeconds(30), "the light node to sample the blob's block");
                Assert.True(verdict!["available"]!.GetValue<bool>(), verdict.ToJsonString());
            }

            // The blob comes back whole, from shares whose namespace proofs check against the header's data root.
            var back = Path.Combine(Home, "back.bin");
            var get = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "da", "get", "--height", height.ToString(), "--namespace", "0x0a", "--out", back, "--rpc", l1Rpc);
            Assert.True(get.ExitCode == 0, get.Output);
            Assert.Equal(await File.ReadAllBytesAsync(blob), await File.ReadAllBytesAsync(back));

            var genesis = Path.Combine(Home, "genesis.json");
            var daArgs = rpcs.SelectMany(r => new[] { "--da", r }).ToArray();
            var sample = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), ["da", "sample", "--height", height.ToString(), "--rpc", l1Rpc, "--genesis", genesis, .. daArgs]);
            Assert.True(sample.ExitCode == 0, sample.Output);
            Assert.Contains("16/16 samples verified", sample.Output);

            // Kill DA node 3: the others still answer; the verdict matches what they hold between them.
            var victim = nodes[3]!["pid"]!.GetValue<int>();
            Process.GetProcessById(victim).Kill();
            var live = new HashSet<int>();
            var rebuildable = false;
            foreach (var client in clients.Take(3))
            {
                var held = await client.GetSquareAsync(height);
                live.UnionWith(held.HeldColumns);
                // A node holding half the columns rebuilds any other (PeerDAS reconstruction).
                rebuildable |= held.HeldColumns.Count >= held.K;
            }
            var width = (await clients[0].GetSquareAsync(height)).Width;
            var degraded = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), ["da", "sample", "--height", height.ToString(), "--rpc", l1Rpc, "--genesis", genesis, "--json", .. daArgs]);
            var report = JsonNode.Parse(degraded.Output.Split('\n').Last(l => l.StartsWith('{')))!;
            var sampled = report["samples"]!.AsArray().Select(s => s!["column"]!.GetValue<int>()).ToList();
            var coverable = rebuildable || sampled.All(live.Contains);
            Assert.Equal(coverable, report["available"]!.GetValue<bool>());
            Assert.Equal(coverable ? 0 : 2, degraded.ExitCode);
            Assert.True(live.Count > width / 2, $"three DA nodes of 32 groups should hold most of the {width} columns, hold {live.Count}");

            // A blob posted while DA node 3 is down; restarted, it fetches its columns of that block from its peers.
            var second = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "da", "post", "--namespace", "0x0b", "--file", blob, "--rpc", l1Rpc, "--key", key, "--json");
            Assert.True(second.ExitCode == 0, second.Output);
            var missed = JsonNode.Parse(second.Output.Split('\n').Last(l => l.StartsWith('{')))!["blockHeight"]!.GetValue<ulong>();
            var restart = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "devnet", "restart", nodes[3]!["name"]!.GetValue<string>(), "--home", Home);
            Assert.True(restart.ExitCode == 0, restart.Output);
            var resynced = await SquareAsync(clients[3], missed, TimeSpan.FromSeconds(60));
            Assert.Equal((await clients[3].GetCustodyAsync(width: resynced.Width)).Columns, resynced.HeldColumns);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static async Task<Lamina.Client.Views.DaSquareView> SquareAsync(LaminaRpcClient client, ulong height, TimeSpan? timeout = null)
    {
        Lamina.Client.Views.DaSquareView? square = null;
        await Wait.Until(async () =>
        {
            try
            {
                square = await client.GetSquareAsync(height);
                return true;
            }
            catch (Exception e) when (e is RpcException or RpcClientException)
            {
                return false;
            }
        }, timeout ?? TimeSpan.FromSeconds(30), $"{client.Endpoint} to hold the square of height {height}");
        return square!;
    }
}
