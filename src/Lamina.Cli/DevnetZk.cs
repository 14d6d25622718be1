using Lamina.Node;
using Lamina.Node.Keys;
using Lamina.Node.Zk;

namespace Lamina.Cli;

/// <summary>
/// The devnet's ZK rollup: one more process, zk-operator-0, after the optimistic rollup's nodes. It reaches L1 through
/// validator-0's RPC and, on first start, registers rollup <see cref="RollupId"/> (empty genesis, a short exodus delay)
/// with dev key <see cref="OperatorDevKey"/> (funded at genesis, no other devnet process signs with it), which also
/// pays for its batches. <see cref="DevnetZkOptions"/> (`lamina devnet --zk-fault`,
/// `--zk-exodus-delay`) makes a dishonest operator or a rollup that freezes sooner, for attack and exodus tests and demos.
/// </summary>
public static class DevnetZk
{
    public const uint RollupId = 2;

    /// <summary>The exodus delay on the devnet: about a minute of 250 ms blocks, several batch proofs long.</summary>
    public const ulong ExodusDelayBlocks = 240;

    public const int OperatorDevKey = 3;

    public static void AddNode(string home, int index, string genesisJson, int basePort, int p2pBase, DevnetZkOptions? options = null)
    {
        options ??= DevnetZkOptions.Default;
        options.Validate();
        var nodeHome = NetworkLayout.NodeHome(home, index);
        Directory.CreateDirectory(nodeHome);
        File.WriteAllText(Path.Combine(nodeHome, "genesis.json"), genesisJson);
        using (var key = KeyFile.DevKey(OperatorDevKey)) KeyFile.Write(Path.Combine(nodeHome, "zk-operator.key"), key);
        new NodeConfig
        {
            Name = "zk-operator-0",
            RpcListen = $"http://127.0.0.1:{basePort + index}",
            P2PListen = $"127.0.0.1:{p2pBase + index}",
            Roles = [ZkNodeModule.Operator],
            Zk = new ZkRoleConfig
            {
                RollupId = RollupId,
                L1Rpc = $"http://127.0.0.1:{basePort}/rpc",
                MaxBatchOps = 8,
                BatchIntervalMs = 1_000,
                RegisterIfMissing = true,
                ExodusDelayBlocks = options.ExodusDelayBlocks,
                Fault = options.Fault,
            },
        }.Save(nodeHome);
    }
}
