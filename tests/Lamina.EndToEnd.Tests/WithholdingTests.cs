using System.Text.Json.Nodes;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Node.Keys;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// Data withholding with real processes: four validators on a chain with blobs, one of them configured to withhold
/// part of its square (<c>faultWithholdSidecars: "part"</c>: it keeps its blobs out of gossip, publishes every sidecar
/// of its block but the last, and serves none). Two blobs posted to it are in every block it proposes; the honest
/// validators never hold their bytes, so they never prevote those blocks: the chain keeps finalizing other blocks and
/// the two blobs are never final.
/// </summary>
public sealed class WithholdingTests() : TempHomeTest("withhold")
{
    [Fact]
    public async Task A_proposer_that_withholds_part_of_its_square_does_not_get_its_block_finalized()
    {
        using var net = await ValidatorNetwork.InitAsync(Home, 4);
        for (var i = 0; i < net.Count; i++)
        {
            var genesisPath = Path.Combine(net.NodeHome(i), "genesis.json");
            var genesis = JsonNode.Parse(File.ReadAllText(genesisPath))!;
            genesis["blobs"] = new JsonObject();
            File.WriteAllText(genesisPath, genesis.ToJsonString());
        }
        var attackerConfig = Path.Combine(net.NodeHome(3), "config.json");
        var config = JsonNode.Parse(File.ReadAllText(attackerConfig))!;
        config["faultWithholdSidecars"] = "part";
        File.WriteAllText(attackerConfig, config.ToJsonString());
        for (var i = 0; i < net.Count; i++) net.Start(i);

        var honest = net.Clients[0];
        var attacker = net.Clients[3];
        await Wait.Until(async () => (await honest.GetHeadAsync()).Height >= 2, TimeSpan.FromSeconds(60), () => $"the chain to start; node 0:\n{net.Output(0)}");

        using var key = KeyFile.Read(Path.Combine(Home, "dev-keys", "dev-0.key"));
        var chainId = await attacker.GetChainIdAsync();
        var fee = (await attacker.GetFeeInfoAsync()).BaseFeePerGas * 4 + 10;
        var hashes = new List<string>();
        for (ulong nonce = 0; nonce < 2; nonce++)
        {
            var id = new byte[Namespace.IdSize];
            id[^1] = (byte)(0x40 + nonce);
            var data = Enumerable.Range(0, 5_000).Select(b => (byte)(b * 13 + (int)nonce)).ToArray();
            var tx = Transaction.Create(key, chainId, nonce, fee, 2, BlobPayload.Gas, new BlobPayload(Namespace.User(id), 1_000, data));
            hashes.Add((await attacker.SendTransactionAsync(tx.NetworkEncoded)).ToString());
        }
        // Only the withholding node holds them: its pending nonce moved, an honest node's did not.
        Assert.Equal(2UL, (await attacker.GetAccountAsync(key.Address)).PendingNonce);
        Assert.Equal(0UL, (await honest.GetAccountAsync(key.Address)).PendingNonce);

        // Sixteen more heights: with four equal validators node 3 proposes about one round in four, each time a block
        // carrying both blobs. None of those blocks is finalized; other proposers' blocks are.
        var start = (await honest.GetHeadAsync()).Height;
        await Wait.Until(async () => (await honest.GetHeadAsync()).Height >= start + 16, TimeSpan.FromSeconds(120), () => $"the honest validators to keep finalizing; node 3:\n{net.Output(3)}");
        foreach (var hash in hashes)
        {
            var status = await honest.CallAsync("l1_getTransaction", hash);
            Assert.NotEqual("included", status?["status"]?.GetValue<string>());
        }
        var head = (await honest.GetHeadAsync()).Height;
        for (var h = start; h <= head; h++)
        {
            var block = await honest.CallAsync("l1_getBlock", h);
            Assert.Equal("0x" + new string('0', 64), NormalizeRoot(block!["header"]?["dataRoot"] ?? block["dataRoot"]));
        }
        Assert.Equal(0UL, (await honest.GetAccountAsync(key.Address)).Nonce);
    }

    private static string NormalizeRoot(JsonNode? root)
    {
        var text = root?.GetValue<string>() ?? "";
        return text.StartsWith("0x", StringComparison.Ordinal) ? text : "0x" + text;
    }
}
