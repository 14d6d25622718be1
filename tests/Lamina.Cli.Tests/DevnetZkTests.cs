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
            // A funded key of its own: not the challenger's (two processes on one key race for nonces), which is a role
            // account outside dev-keys/.
            var genesis = Lamina.L1.Genesis.GenesisConfig.Load(Path.Combine(home, "genesis.json"));
            using var challenger = KeyFile.DevKey(DevnetRollup.ChallengerDevKey);
            Assert.Contains(genesis.Balances, b => b.Address == dev.Address && b.Amount == NetworkLayout.DevBalance);
            Assert.Contains(genesis.Balances, b => b.Address == challenger.Address && b.Amount == NetworkLayout.DevBalance);
            Assert.NotEqual(challenger.Address, dev.Address);
            Assert.Equal(NetworkLayout.DevAccounts, Directory.GetFiles(Path.Combine(home, "dev-keys"), "*.key").Length);
            Assert.DoesNotContain(DevnetRollup.ChallengerDevKey, Enumerable.Range(0, NetworkLayout.DevAccounts));
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void Devnet_zk_options_make_a_faulty_operator_with_a_short_exodus_delay_and_bad_ones_are_refused_before_anything_is_written()
    {
        var home = Path.Combine(Path.GetTempPath(), "lamina-cli-zk-" + Guid.NewGuid().ToString("N"));
        try
        {
            NetworkLayout.Initialize(home, 1, "lamina-devnet", 29_610, 1_700_000_000_000, blobs: BlobParameters.Default, rollups: [NetworkLayout.DevnetRollup()],
                zk: new DevnetZkOptions("wrong-root", 12));
            // The operator follows the validator, the light node and the rollup's three nodes.
            var zk = Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 1 + 4)).Zk!;
            Assert.Equal(("wrong-root", 12UL, Lamina.L2.Zk.Operator.ZkFault.WrongRoot), (zk.Fault, zk.ExodusDelayBlocks, zk.ParsedFault));
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
        foreach (var bad in new[] { new DevnetZkOptions("steal-everything"), new DevnetZkOptions(ExodusDelayBlocks: 0), new DevnetZkOptions(ExodusDelayBlocks: 1_000_001) })
        {
            var refused = Path.Combine(Path.GetTempPath(), "lamina-cli-zk-" + Guid.NewGuid().ToString("N"));
            var e = Assert.Throws<Lamina.Node.ConfigException>(() => NetworkLayout.Initialize(refused, 1, "lamina-devnet", 29_620, 1_700_000_000_000, blobs: BlobParameters.Default,
                rollups: [NetworkLayout.DevnetRollup()], zk: bad));
            Assert.Contains("--zk-", e.Message);
            Assert.False(Directory.Exists(refused), "nothing may be written for a refused option");
        }
    }

    [Fact]
    public async Task Devnet_refuses_an_unknown_fault_and_zk_options_for_a_devnet_that_exists()
    {
        var (exit, output) = await CliRun.RunAsync("devnet", "--home", Path.Combine(Path.GetTempPath(), "lamina-cli-zk-" + Guid.NewGuid().ToString("N")), "--zk-fault", "steal-everything");
        Assert.NotEqual(0, exit);
        Assert.Contains("steal-everything", output);

        var home = Path.Combine(Path.GetTempPath(), "lamina-cli-zk-" + Guid.NewGuid().ToString("N"));
        try
        {
            NetworkLayout.Initialize(home, 1, "lamina-devnet", 29_630, 1_700_000_000_000, blobs: BlobParameters.Default, rollups: [NetworkLayout.DevnetRollup()]);
            (exit, output) = await CliRun.RunAsync("devnet", "--home", home, "--zk-exodus-delay", "5");
            Assert.Equal(1, exit);
            Assert.Contains("apply when a devnet is created", output);
            Assert.Equal(DevnetZk.ExodusDelayBlocks, Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 1 + 4)).Zk!.ExodusDelayBlocks);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }
}
