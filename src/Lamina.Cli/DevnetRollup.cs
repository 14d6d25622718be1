using Lamina.Node;
using Lamina.Node.Keys;
using Lamina.Node.Optimistic;

namespace Lamina.Cli;

/// <summary>
/// The devnet's optimistic rollup (registered at genesis: <see cref="NetworkLayout.DevnetRollup"/>) gets three more
/// processes after the light node: a sequencer (which also batches and proposes), a verifier that derives the chain
/// from L1 and DA alone, and an honest challenger (a verifier that disputes every wrong output root and plays the game,
/// bonding with dev key <see cref="ChallengerDevKey"/>). All reach L1 through validator-0's RPC, and read their batches'
/// blobs (da_getNamespaceData, proven against the header's data root) from the devnet's DA nodes: sequencer-0 from da-0,
/// verifier-0 from da-1, challenger-0 from da-2, so the rollup's data path is the DA layer's, not a validator's.
/// </summary>
public static class DevnetRollup
{
    public const ulong RollupId = 1, SequencingWindowBlocks = 240;

    /// <summary>
    /// The key challenger-0 bonds with: dev key 5, a role account (<see cref="NetworkLayout.RoleAccounts"/>) funded at
    /// genesis but not among the user dev keys, so no other process or command signs with it; it spends only when a
    /// wrong output is disputed.
    /// </summary>
    public const int ChallengerDevKey = 5;

    /// <summary>
    /// The key of challenger-1, the dishonest challenger <c>lamina devnet --challenger-fault</c> adds beside the honest
    /// challenger-0: dev key 6, a role account of its own (funded at genesis, signed with by nothing else).
    /// </summary>
    public const int FaultyChallengerDevKey = 6;

    /// <summary>The faults <c>lamina devnet --challenger-fault</c> gives challenger-1 (tests and demos).</summary>
    public static readonly string[] ChallengerFaults = ["lie", "freeload"];

    private const string FaultyChallengerName = "challenger-1";

    /// <summary>
    /// The devnet's registered L2 fees: an execution fee of 10, and the origin's blob base fee for 80 bytes per
    /// transaction (the batch codec's measured ~73–84 B) with OP Fjord's 100-byte floor, so a transfer costs 110 at the
    /// minimum blob price of 1 per byte.
    /// </summary>
    public static readonly Lamina.L1.Rollups.RollupL2Fees L2Fees = new(10, 80, 100);

    /// <summary>
    /// The dispute game's clock per side on the devnet, registered with the rollup (config version 2): short enough for a
    /// game to resolve within a test, long enough that the honest side never loses on time. A side lives on the
    /// extension once its clock is spent (each move made with less than one extension left resets it to exactly one),
    /// so the extension must exceed the challenger's time per move (its 500 ms tick, a derivation round, inclusion),
    /// which on a shared 2-core machine at load 20–40 reaches several seconds: hence 10 s rather than OP's 1/28.
    /// </summary>
    public const ulong DisputeClockSeconds = 30, DisputeExtensionSeconds = 10;

    /// <summary>
    /// The devnet's genesis switch <c>derivedRollupLists</c>: its dispute games derive a disputed block's list on L1 from
    /// the batch blobs, so a proposer that keeps its list to itself cannot win one (every devnet agent plays such games).
    /// </summary>
    public const bool DerivedLists = true;

    /// <summary>The L2 faults <c>lamina devnet --l2-fault</c> gives sequencer-0 (tests and demos).</summary>
    public static readonly string[] SequencerFaults = ["wrong-root", "bad-transition", "withhold-batch"];

    /// <summary>
    /// Sets sequencer-0's <c>l2.faults</c> to <paramref name="faults"/> (none: honest) in its config.json, on every start
    /// of the devnet, so a lying sequencer is a choice made when the devnet is started and undone by starting it without.
    /// </summary>
    public static void SetSequencerFaults(string home, IReadOnlyList<string> faults)
    {
        foreach (var nodeHome in Directory.GetDirectories(home, "node*"))
        {
            if (!File.Exists(Path.Combine(nodeHome, "config.json"))) continue;
            var config = NodeConfig.Load(nodeHome);
            if (!config.RoleSet.Contains(OptimisticNodeModule.Sequencer) || config.L2 is null || config.L2.Faults.SequenceEqual(faults)) continue;
            config.L2.Faults = [.. faults];
            config.Save(nodeHome);
        }
    }

    /// <summary>
    /// With <paramref name="fault"/>, runs challenger-1 beside the honest challenger-0 for this start of the devnet: a
    /// challenger with that fault (its home made after the last node's, as a copy of challenger-0's with dev key
    /// <see cref="FaultyChallengerDevKey"/>). Without it, challenger-1's home is removed: a challenger keeps nothing of
    /// its own (every game is on L1), so a devnet started without the flag simply has no dishonest challenger again.
    /// </summary>
    public static void SetChallengerFault(string home, string? fault)
    {
        var homes = Directory.GetDirectories(home, "node*").Where(h => File.Exists(Path.Combine(h, NodeConfig.FileName))).Select(h => (Home: h, Config: NodeConfig.Load(h))).ToList();
        var faulty = homes.FirstOrDefault(h => h.Config.Name == FaultyChallengerName);
        if (fault is null)
        {
            if (faulty.Home is not null) Directory.Delete(faulty.Home, recursive: true);
            return;
        }
        if (faulty.Home is null)
        {
            var honest = homes.FirstOrDefault(h => h.Config.Name == "challenger-0");
            if (honest.Home is null) throw new ConfigException($"{home} has no challenger-0 to run a dishonest challenger beside (a devnet made before the challenger role: start it with --fresh)");
            var index = homes.Count;
            var first = NodeConfig.Load(NetworkLayout.NodeHome(home, 0));
            var nodeHome = NetworkLayout.NodeHome(home, index);
            Directory.CreateDirectory(nodeHome);
            File.Copy(Path.Combine(honest.Home, "genesis.json"), Path.Combine(nodeHome, "genesis.json"));
            using var key = KeyFile.DevKey(FaultyChallengerDevKey);
            KeyFile.Write(Path.Combine(nodeHome, honest.Config.L2!.ChallengerKeyFile), key);
            var config = honest.Config;
            config.Name = FaultyChallengerName;
            config.RpcListen = $"http://127.0.0.1:{new Uri(first.RpcListen).Port + index}";
            config.P2PListen = $"127.0.0.1:{int.Parse(first.P2PListen.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture) + index}";
            faulty = (nodeHome, config);
        }
        faulty.Config.L2!.Faults = [fault];
        faulty.Config.Save(faulty.Home);
    }

    /// <summary>
    /// Homes for sequencer-0, verifier-0 and challenger-0 at node indices <paramref name="firstIndex"/> and the next two;
    /// the DA nodes start at node index <paramref name="daFirst"/>.
    /// </summary>
    public static void AddNodes(string home, int firstIndex, string genesisJson, int basePort, int p2pBase, ulong rollupId, int daFirst)
    {
        using var batcher = KeyFile.DevKey(4);
        using var challenger = KeyFile.DevKey(ChallengerDevKey);
        var roles = new[] { (OptimisticNodeModule.Sequencer, "sequencer-0"), (OptimisticNodeModule.Verifier, "verifier-0"), (OptimisticNodeModule.Challenger, "challenger-0") };
        for (var i = 0; i < roles.Length; i++)
        {
            var index = firstIndex + i;
            var nodeHome = NetworkLayout.NodeHome(home, index);
            Directory.CreateDirectory(nodeHome);
            File.WriteAllText(Path.Combine(nodeHome, "genesis.json"), genesisJson);
            if (roles[i].Item1 == OptimisticNodeModule.Sequencer) KeyFile.Write(Path.Combine(nodeHome, "batcher.key"), batcher);
            if (roles[i].Item1 == OptimisticNodeModule.Challenger) KeyFile.Write(Path.Combine(nodeHome, "challenger.key"), challenger);
            new NodeConfig
            {
                Name = roles[i].Item2,
                RpcListen = $"http://127.0.0.1:{basePort + index}",
                P2PListen = $"127.0.0.1:{p2pBase + index}",
                Roles = [roles[i].Item1],
                L2 = new L2RoleConfig
                {
                    RollupId = rollupId,
                    L1Rpc = $"http://127.0.0.1:{basePort}/rpc",
                    DaRpc = $"http://127.0.0.1:{basePort + daFirst + (i % DevnetDa.Nodes)}/rpc",
                    BatchIntervalMs = 1_000,
                    ProposeIntervalMs = 2_000,
                },
            }.Save(nodeHome);
        }
    }
}
