using System.Globalization;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Blobs;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Rollups;
using Lamina.Node.Keys;
using Lamina.Node;
using Lamina.Node.DataAvailability;
using Lamina.Node.Modules;

namespace Lamina.Cli;

/// <summary>
/// The files of a local network: genesis.json at the top, one home per node (config, validator key, genesis copy,
/// RocksDB data) and the well-known dev keys.
/// </summary>
public static class NetworkLayout
{
    public const int DevAccounts = 5;

    /// <summary>
    /// Keys the devnet's role processes sign with, funded at genesis with <see cref="DevBalance"/> each but not written
    /// to dev-keys/ (no user command should spend from them): dev key 5 for challenger-0's bonds
    /// (<see cref="Cli.DevnetRollup.ChallengerDevKey"/>), dev key 6 for challenger-1's, the dishonest challenger
    /// <c>--challenger-fault</c> adds (<see cref="Cli.DevnetRollup.FaultyChallengerDevKey"/>). zk-operator-0 keeps dev key 3 (<see cref="Cli.DevnetZk.OperatorDevKey"/>,
    /// in dev-keys/, which the ZK end-to-end tests read); before, the challenger signed with it too, and two processes
    /// signing with one key race for its nonces.
    /// </summary>
    public static readonly int[] RoleAccounts = [Cli.DevnetRollup.ChallengerDevKey, Cli.DevnetRollup.FaultyChallengerDevKey];
    public static readonly UInt128 DevBalance = UInt128.Parse("1000000000000000000000000", CultureInfo.InvariantCulture);

    public static string NodeHome(string home, int index) => Path.Combine(home, $"node{index}");

    /// <summary>
    /// The optimistic rollup a devnet starts with (genesis "rollups" section): id 1 (DA namespace
    /// <c>RollupNamespace.Of(1)</c>), L2 chain id 1, the L2 chain's constant genesis output
    /// (<see cref="Lamina.L2.Optimistic.Derivation.RollupConfig.GenesisOutputRoot"/>), a bond of 10^18, a 10 s
    /// challenge window, a 240-block sequencing window (a minute of 250 ms blocks: the sequencer's batches get half of it
    /// to land, a forced transaction is due half of it after submission; 10 blocks, 2.5 s, was shorter than a batch can
    /// take to land on a loaded machine), dev key 4 as the batch poster (the devnet's sequencer-0 signs with it), and
/// real L2 fees (<see cref="Cli.DevnetRollup.L2Fees"/>), and dispute clocks of seconds
/// (<see cref="Cli.DevnetRollup.DisputeClockSeconds"/>, <see cref="Cli.DevnetRollup.DisputeExtensionSeconds"/>).
    /// </summary>
    public static RollupConfig DevnetRollup()
    {
        using var poster = KeyFile.DevKey(4);
        return new RollupConfig(Cli.DevnetRollup.RollupId, 1, Lamina.L2.Optimistic.Derivation.RollupConfig.GenesisOutputRoot,
            UInt128.Parse("1000000000000000000", CultureInfo.InvariantCulture), 10, Cli.DevnetRollup.SequencingWindowBlocks, poster.Address,
            Cli.DevnetRollup.L2Fees, Cli.DevnetRollup.DisputeClockSeconds, Cli.DevnetRollup.DisputeExtensionSeconds);
    }

    public static GenesisConfig Initialize(string home, int validators, string chainId, int basePort, ulong genesisTimeMs, int? p2pBasePort = null, BlobParameters? blobs = null,
        IReadOnlyList<RollupConfig>? rollups = null, DevnetZkOptions? zk = null, bool derivedRollupLists = false)
    {
        zk?.Validate();
        if (validators is < 1 or > 100) throw new ConfigException("--validators must be between 1 and 100");
        if (File.Exists(Path.Combine(home, "genesis.json"))) throw new ConfigException($"{home} already holds a network; use another --home or wipe it (lamina devnet --fresh)");
        Directory.CreateDirectory(home);

        var keys = new List<SigningKey>();
        for (var i = 0; i < validators; i++) keys.Add(SigningKey.Generate());
        var balances = new List<(Address, UInt128)>();
        Directory.CreateDirectory(Path.Combine(home, "dev-keys"));
        for (var i = 0; i < DevAccounts; i++)
        {
            using var dev = KeyFile.DevKey(i);
            KeyFile.Write(Path.Combine(home, "dev-keys", $"dev-{i}.key"), dev);
            balances.Add((dev.Address, DevBalance));
        }
        foreach (var index in RoleAccounts)
        {
            using var role = KeyFile.DevKey(index);
            balances.Add((role.Address, DevBalance));
        }
        balances.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        var set = new ValidatorSet(keys.Select(k => new Validator(k.PublicKey, 100)));
        var names = set.Validators.Select(v => $"validator-{keys.FindIndex(k => k.PublicKey == v.PublicKey)}").ToList();
        var genesis = new GenesisConfig(chainId, genesisTimeMs, ChainParameters.Default, set, balances, names, blobs: blobs, rollups: rollups, derivedRollupLists: derivedRollupLists);
        var genesisJson = genesis.ToJson();
        File.WriteAllText(Path.Combine(home, "genesis.json"), genesisJson);

        var p2pBase = p2pBasePort ?? basePort + 1000;
        var nodeKeys = new List<SigningKey>();
        for (var i = 0; i < validators; i++) nodeKeys.Add(SigningKey.Generate());
        for (var i = 0; i < validators; i++)
        {
            var nodeHome = NodeHome(home, i);
            Directory.CreateDirectory(nodeHome);
            File.WriteAllText(Path.Combine(nodeHome, "genesis.json"), genesisJson);
            KeyFile.Write(Path.Combine(nodeHome, "validator.key"), keys[i]);
            KeyFile.Write(Path.Combine(nodeHome, "node.key"), nodeKeys[i]);
            var peers = new List<string>();
            for (var j = 0; j < validators; j++)
            {
                if (j != i) peers.Add($"127.0.0.1:{p2pBase + j}@{nodeKeys[j].Address}");
            }
            new NodeConfig
            {
                Name = $"validator-{i}",
                RpcListen = $"http://127.0.0.1:{basePort + i}",
                P2PListen = $"127.0.0.1:{p2pBase + i}",
                PersistentPeers = peers,
                // With blobs on, validators also run the da role beside the chain (their custody columns from their own
                // sidecars; the explorer's DA panel; da_blobFee for the rollups' L1 client). The devnet's DA nodes proper
                // are da-0..da-3 (DevnetDa), processes that fetch only their columns; the rollups read their data there.
                Roles = blobs is null ? null : [L1NodeModule.Validator, DaNodeModule.Da],
                // The explorer's DA panel shows the light node's verdicts (light-0 comes right after the validators).
                ExplorerLightRpc = blobs is null ? null : $"http://127.0.0.1:{basePort + validators}/rpc",
                // And the rollup's heads: sequencer-0 and verifier-0 come right after the light node (DevnetRollup.AddNodes).
                ExplorerL2Rpcs = blobs is null || rollups is not [_, ..] ? null : [$"http://127.0.0.1:{basePort + validators + 1}/rpc", $"http://127.0.0.1:{basePort + validators + 2}/rpc"],
                DaCustodyGroups = blobs is null ? Lamina.DataAvailability.Custody.CustodyGroups.CustodyRequirement : 32,
            }.Save(nodeHome);
        }
        // DA nodes of their own come last (after the light node and the rollups' nodes), so the other nodes' ports stay put.
        var daFirst = validators + 1 + (rollups is [_, ..] ? 4 : 0);
        if (blobs is not null) AddLightNode(home, validators, genesisJson, basePort, p2pBase, daFirst);
        // A registered rollup gets its sequencer (batch poster: dev key 4, as registered), verifier and challenger after the light node.
        if (blobs is not null && rollups is [var rollup, ..]) Cli.DevnetRollup.AddNodes(home, validators + 1, genesisJson, basePort, p2pBase, rollup.Id, daFirst);
        // The ZK rollup's operator after those three; it registers its rollup on L1 itself (DevnetZk).
        if (blobs is not null && rollups is [_, ..]) Cli.DevnetZk.AddNode(home, validators + 4, genesisJson, basePort, p2pBase, zk);
        if (blobs is not null) DevnetDa.AddNodes(home, daFirst, genesisJson, basePort, p2pBase, [.. Enumerable.Range(0, validators).Select(j => $"127.0.0.1:{p2pBase + j}@{nodeKeys[j].Address}")]);
        foreach (var k in keys) k.Dispose();
        foreach (var k in nodeKeys) k.Dispose();
        return genesis;
    }

    /// <summary>A light node after the validators: it follows validator-0 with the light client and samples the devnet's DA nodes.</summary>
    private static void AddLightNode(string home, int validators, string genesisJson, int basePort, int p2pBase, int daFirst)
    {
        var nodeHome = NodeHome(home, validators);
        Directory.CreateDirectory(nodeHome);
        File.WriteAllText(Path.Combine(nodeHome, "genesis.json"), genesisJson);
        new NodeConfig
        {
            Name = "light-0",
            RpcListen = $"http://127.0.0.1:{basePort + validators}",
            P2PListen = $"127.0.0.1:{p2pBase + validators}",
            Roles = [LightNodeModule.Light],
            LightRpc = $"http://127.0.0.1:{basePort}/rpc",
            LightDaNodes = [.. Enumerable.Range(daFirst, DevnetDa.Nodes).Select(i => $"http://127.0.0.1:{basePort + i}/rpc")],
            // Peered with the DA nodes, which pass on bad-encoding proofs (theirs and the validators').
            PersistentPeers = [.. Enumerable.Range(daFirst, DevnetDa.Nodes).Select(i => $"127.0.0.1:{p2pBase + i}")],
        }.Save(nodeHome);
    }
}
