using Lamina.L1.Blobs;
using Lamina.Node.Keys;
using Lamina.Node.Zk;

namespace Lamina.Cli.Tests;

/// <summary>The devnet runs a ZK operator after the optimistic rollup's nodes, which registers its rollup itself with a funded dev key.</summary>
public sealed class DevnetZkTests
{
    [Fact]
    public void A_devnet_has_a_zk_operator_node_that_registers_rollup_2_with_a_funded_key()
    {
        var home = Path.Combine(Path.GetTempPath(), "lamina-cli-zk-" + Guid.NewGuid().ToString("N"));
        try
        {
            NetworkLayout.Initialize(home, 1, "lamina-devnet", 29_600, 1_700_000_000_000, blobs: BlobParameters.Default, rollups: [NetworkLayout.DevnetRollup()]);
            // After the light node (1) and the optimistic rollup's sequencer, verifier and challenger (2-4).
            Assert.Equal("challenger-0", Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 4)).Name);
            var nodeHome = NetworkLayout.NodeHome(home, 5);
            var config = Lamina.Node.NodeConfig.Load(nodeHome);
            Assert.Equal([ZkNodeModule.Operator], config.RoleSet);
            Assert.Equal(("zk-operator-0", "http://127.0.0.1:29605"), (config.Name, config.RpcListen));
            var zk = config.Zk!;
            Assert.Equal((DevnetZk.RollupId, true, DevnetZk.ExodusDelayBlocks, "http://127.0.0.1:29600/rpc"), (zk.RollupId, zk.RegisterIfMissing, zk.ExodusDelayBlocks, zk.L1Rpc));
            Assert.Null(zk.Fault);
            using var key = KeyFile.Read(Path.Combine(nodeHome, zk.OperatorKeyFile));
            using var dev = KeyFile.DevKey(DevnetZk.OperatorDevKey);
            Assert.Equal(dev.Address, key.Address);
            Assert.True(DevnetZk.OperatorDevKey < NetworkLayout.DevAccounts, "the operator's key must be one of the funded dev keys");
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }
}
