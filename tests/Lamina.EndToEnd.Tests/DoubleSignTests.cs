using System.Text.Json.Nodes;
using Lamina.Node.Keys;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// The classic operator mistake: the same validator key running in two processes at once. Each copy proposes and
/// votes for its own block, honest validators catch the conflicting votes, and the chain slashes and jails the key.
/// </summary>
public sealed class DoubleSignTests() : TempHomeTest("slash")
{
    [Fact]
    public async Task A_validator_key_run_twice_is_slashed_and_jailed_on_chain()
    {
        using var net = await ValidatorNetwork.InitAsync(Home, 4);
        for (var i = 0; i < 4; i++) net.Start(i);
        await net.WaitAllAtLeastAsync(2, TimeSpan.FromSeconds(90));

        // A twin of validator 0: same validator key, its own data, node key and ports, peered with everyone.
        var twinHome = Path.Combine(Home, "twin");
        Directory.CreateDirectory(twinHome);
        File.Copy(Path.Combine(net.NodeHome(0), "validator.key"), Path.Combine(twinHome, "validator.key"));
        File.Copy(Path.Combine(net.NodeHome(0), "genesis.json"), Path.Combine(twinHome, "genesis.json"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(net.NodeHome(0), "config.json")))!;
        var twinRpc = LaminaProcess.FreePort();
        var twinP2p = LaminaProcess.FreePort();
        config["name"] = "twin";
        config["rpcListen"] = $"http://127.0.0.1:{twinRpc}";
        config["p2pListen"] = $"127.0.0.1:{twinP2p}";
        var peers = new JsonArray();
        for (var i = 0; i < 4; i++)
        {
            var nodeCfg = JsonNode.Parse(File.ReadAllText(Path.Combine(net.NodeHome(i), "config.json")))!;
            using var nodeKey = KeyFile.Read(Path.Combine(net.NodeHome(i), "node.key"));
            peers.Add($"{nodeCfg["p2pListen"]!.GetValue<string>()}@{nodeKey.Address}");
        }
        config["persistentPeers"] = peers;
        File.WriteAllText(Path.Combine(twinHome, "config.json"), config.ToJsonString());
        using var validatorKey = KeyFile.Read(Path.Combine(twinHome, "validator.key"));
        var offender = validatorKey.Address.ToString();

        using var twin = LaminaProcess.Start("node", "--home", twinHome);
        JsonNode? record = null;
        await Wait.Until(async () =>
        {
            record = await net.Clients[1].CallAsync("l1_getValidator", offender);
            return record?["jailed"]?.GetValue<bool>() == true;
        }, TimeSpan.FromSeconds(120), () => $"validator {offender} to be jailed for double signing; twin output:\n{twin.Output}");

        Assert.True(record!["timesSlashed"]!.GetValue<uint>() >= 1);
        Assert.True(UInt128.Parse(record["stake"]!.GetValue<string>()) < 100UL * 1_000_000, "stake was not burned");
        Assert.False(record["active"]!.GetValue<bool>());
        var validators = await net.Clients[1].CallAsync("l1_validators");
        Assert.DoesNotContain(validators!["validators"]!.AsArray(), v => v!["address"]!.GetValue<string>() == offender);

        // The three honest validators (300 of 300 power now) keep finalizing.
        twin.Kill();
        net.Kill(0);
        var height = (await net.HeightAsync(1))!.Value;
        await net.WaitAllAtLeastAsync(height + 3, TimeSpan.FromSeconds(60), [1, 2, 3]);
    }
}
