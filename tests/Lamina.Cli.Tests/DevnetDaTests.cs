using Lamina.L1.Blobs;
using Lamina.Node;
using Lamina.Node.DataAvailability;
using Lamina.Node.Keys;

namespace Lamina.Cli.Tests;

/// <summary>
/// The devnet's DA nodes are processes of their own after every other node: role "da" alone, following validator-0's
/// headers, peered with every validator and each other, and the light node samples them (not the validators).
/// </summary>
public sealed class DevnetDaTests
{
    [Fact]
    public void A_devnet_has_four_da_nodes_of_their_own_and_the_light_node_samples_them()
    {
        var home = Path.Combine(Path.GetTempPath(), "lamina-cli-da-" + Guid.NewGuid().ToString("N"));
        try
        {
            NetworkLayout.Initialize(home, 4, "lamina-devnet", 29_700, 1_700_000_000_000, blobs: BlobParameters.Default, rollups: [NetworkLayout.DevnetRollup()]);
            // validators 0-3, light-0 (4), sequencer, verifier, challenger (5-7), zk-operator (8), then da-0..da-3 (9-12).
            Assert.Equal(13, Directory.GetDirectories(home, "node*").Length);
            var names = Enumerable.Range(0, 13).Select(i => NodeConfig.Load(NetworkLayout.NodeHome(home, i)).Name).ToList();
            Assert.Equal(["validator-0", "validator-1", "validator-2", "validator-3", "light-0", "sequencer-0", "verifier-0", "challenger-0", "zk-operator-0", "da-0", "da-1", "da-2", "da-3"], names);
            var validatorIds = Enumerable.Range(0, 4).Select(i =>
            {
                using var key = KeyFile.Read(Path.Combine(NetworkLayout.NodeHome(home, i), "node.key"));
                return key.Address.ToString();
            }).ToList();
            var daRpcs = new List<string>();
            for (var i = 0; i < DevnetDa.Nodes; i++)
            {
                var nodeHome = NetworkLayout.NodeHome(home, 9 + i);
                var config = NodeConfig.Load(nodeHome);
                Assert.Equal([DaNodeModule.Da], config.RoleSet);
                Assert.Equal((DevnetDa.CustodyGroups, "http://127.0.0.1:29700/rpc", $"http://127.0.0.1:{29_709 + i}"), (config.DaCustodyGroups, config.DaL1Rpc, config.RpcListen));
                Assert.All(validatorIds, id => Assert.Contains(config.PersistentPeers, p => p.EndsWith("@" + id, StringComparison.Ordinal)));
                Assert.Equal(4 + DevnetDa.Nodes - 1, config.PersistentPeers.Count);
                Assert.True(File.Exists(Path.Combine(nodeHome, "node.key")));
                daRpcs.Add(config.RpcListen + "/rpc");
            }
            var light = NodeConfig.Load(NetworkLayout.NodeHome(home, 4));
            Assert.Equal(daRpcs, light.LightDaNodes);
            // Peered with the DA nodes, which pass bad-encoding proofs on to it.
            Assert.Equal(Enumerable.Range(0, DevnetDa.Nodes).Select(i => $"127.0.0.1:{30_709 + i}"), light.PersistentPeers);
            // The validators' explorers show light-0's verdicts.
            Assert.Equal("http://127.0.0.1:29704/rpc", NodeConfig.Load(NetworkLayout.NodeHome(home, 0)).ExplorerLightRpc);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }
}
