using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.Node;
using Lamina.Node.Keys;
using Lamina.Node.Optimistic;
using L2Config = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Cli;

/// <summary>
/// The devnet's optimistic rollup: rollup 1 registered at genesis (a 10 s challenge window and a 240-block sequencing
/// window: a minute of the devnet's 250 ms blocks, so batches have 30 s to land and forced transactions are due 30 s
/// after submission), and two more processes after the light node: a sequencer (which also batches and proposes)
/// and a verifier that derives the chain from L1 and DA alone. Both reach L1 through validator-0's RPC.
/// </summary>
public static class DevnetRollup
{
    public const ulong RollupId = 1, L2ChainId = 1001, ChallengeWindowSeconds = 10, SequencingWindowBlocks = 240;
    public static readonly UInt128 ProposerBond = 1_000_000;

    public static RollupConfig Registration(Address batcher) =>
        new(RollupId, L2ChainId, L2Config.GenesisOutputRoot, ProposerBond, ChallengeWindowSeconds, SequencingWindowBlocks, batcher);

    /// <summary>Homes for sequencer-0 and verifier-0 at node indices <paramref name="firstIndex"/> and the next.</summary>
    public static void AddNodes(string home, int firstIndex, string genesisJson, int basePort, int p2pBase, SigningKey batcher)
    {
        var roles = new[] { (OptimisticNodeModule.Sequencer, "sequencer-0"), (OptimisticNodeModule.Verifier, "verifier-0") };
        for (var i = 0; i < roles.Length; i++)
        {
            var index = firstIndex + i;
            var nodeHome = NetworkLayout.NodeHome(home, index);
            Directory.CreateDirectory(nodeHome);
            File.WriteAllText(Path.Combine(nodeHome, "genesis.json"), genesisJson);
            if (roles[i].Item1 == OptimisticNodeModule.Sequencer) KeyFile.Write(Path.Combine(nodeHome, "batcher.key"), batcher);
            new NodeConfig
            {
                Name = roles[i].Item2,
                RpcListen = $"http://127.0.0.1:{basePort + index}",
                P2PListen = $"127.0.0.1:{p2pBase + index}",
                Roles = [roles[i].Item1],
                L2 = new L2RoleConfig { RollupId = RollupId, L1Rpc = $"http://127.0.0.1:{basePort}/rpc", BatchIntervalMs = 1_000, ProposeIntervalMs = 2_000 },
            }.Save(nodeHome);
        }
    }
}
