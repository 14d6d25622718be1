using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.Node;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.Fuzz;

/// <summary>A sparse Merkle tree whose proofs seed the smt-proof target, with the keys those proofs are checked against.</summary>
public sealed record ProofTreeFixture(Hash256 Root, InMemorySmtNodeStore Nodes, IReadOnlyList<(Hash256 Key, byte[]? Value)> Probes);

/// <summary>
/// Valid encodings for every target, generated in code from real objects (signed transactions, produced blocks and
/// their commits, proofs from a real tree, a real STARK proof), so mutations start from deep inside each decoder.
/// </summary>
public static partial class Seeds
{
    public const string ChainId = DevChain.ChainId;

    private static readonly Lazy<Blockchain> Chain = new(DevChain.Build);
    private static readonly Lazy<ProofTreeFixture> Tree = new(BuildTree);
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<byte[]>>> All = new(Build);

    /// <summary>The validators of <see cref="DevChain"/>, so seed commits verify and mutants get deep into Verify.</summary>
    public static ValidatorSet Validators => Chain.Value.Genesis.Validators;

    public static ProofTreeFixture ProofTree => Tree.Value;

    public static IReadOnlyList<byte[]> For(string target) => All.Value[target];

    private static Dictionary<string, IReadOnlyList<byte[]>> Build()
    {
        var chain = Chain.Value;
        var blocks = Enumerable.Range(0, (int)chain.Height + 1).Select(h => chain.Store.GetBlock((ulong)h)!).ToList();
        var txs = blocks.SelectMany(b => b.Transactions).ToList();
        var seeds = new Dictionary<string, IReadOnlyList<byte[]>>
        {
            ["transaction"] = [.. txs.Select(t => t.Encoded), .. ExtraTransactions().Select(t => t.Encoded)],
            ["block"] = [.. blocks.Select(Canonical.Encode)],
            ["block-header"] = [.. blocks.Select(b => Canonical.Encode(b.Header))],
            ["commit"] = [.. blocks.Skip(1).Select(b => Canonical.Encode(chain.Store.GetCommit(b.Height)!))],
            ["receipt"] = [.. txs.Select(t => Canonical.Encode(chain.Store.GetReceipt(t.Hash)!)),
                Canonical.Encode(new Receipt(new Hash256(Filled(32, 0xff)), ulong.MaxValue, uint.MaxValue, ulong.MaxValue, ulong.MaxValue, UInt128.MaxValue, UInt128.MaxValue))],
            ["account"] = [.. Enumerable.Range(0, 4).Select(i => Canonical.Encode(chain.GetAccount(DevChain.Key(i).Address))),
                Canonical.Encode(new Account(UInt128.MaxValue, ulong.MaxValue))],
            ["validator-set"] = [Canonical.Encode(chain.Genesis.Validators),
                Canonical.Encode(new ValidatorSet(Enumerable.Range(0, 4).Select(i => new Validator(DevChain.Key(i).PublicKey, (ulong)(i + 1) * 100)))),
                Canonical.Encode(new ValidatorSet([new Validator(DevChain.Key(5).PublicKey, ulong.MaxValue)]))],
            ["smt-proof"] = [.. ProofTree.Probes.Select(p => Canonical.Encode(new SparseMerkleTree(ProofTree.Nodes).Prove(ProofTree.Root, p.Key))).Distinct(ByteArrayComparer.Instance)],
            ["smt-node"] = SmtNodes(),
            ["genesis"] = [.. GenesisJson().Select(Encoding.UTF8.GetBytes)],
            ["node-config"] = [.. NodeConfigJson().Select(Encoding.UTF8.GetBytes)],
            ["rpc"] = [.. RpcRequests(chain).Select(Encoding.UTF8.GetBytes)],
        };
        var proofs = StarkProofs();
        seeds["stark-proof"] = proofs;
        seeds["stark-verify"] = proofs;
        AddWireSeeds(seeds, chain, blocks);
        AddZkSeeds(seeds);
        AddOptimisticSeeds(seeds);
        AddOptimisticWithdrawalSeeds(seeds);
        AddOptimisticBatchSeeds(seeds);
        AddOptimisticChainSeeds(seeds);
        AddOneStepSeeds(seeds);
        AddStarkSeeds(seeds);
        AddDataAvailabilitySeeds(seeds);
        AddBlobSeeds(seeds);
        AddDaNetworkSeeds(seeds);
        AddDa3Seeds(seeds);
        AddDaColumnSeeds(seeds);
        AddPeerRolesSeeds(seeds);
        AddRollupSeeds(seeds);
        AddDisputeSeeds(seeds);
        AddSidecarSeeds(seeds);
        AddDisputeL1Seeds(seeds);
        AddZkL1Seeds(seeds);
        AddOp3Seeds(seeds);
        AddDispute3Seeds(seeds);
        AddDispute4Seeds(seeds);
        AddZkOperatorSeeds(seeds);
        foreach (var name in FuzzTargets.Table.Keys)
        {
            if (!seeds.ContainsKey(name)) throw new InvalidOperationException($"no seeds for target {name}");
        }
        return seeds;
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Transactions at the edges of every field: longest chain id, largest numbers, a self-transfer.</summary>
    private static IEnumerable<Transaction> ExtraTransactions()
    {
        var key = DevChain.Key(1);
        yield return Transaction.Create(key, new string('z', Transaction.MaxChainIdLength), ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue,
            new TransferPayload(new Address(Filled(Address.Size, 0xff)), UInt128.MaxValue));
        yield return Transaction.Create(key, "x", 0, 0, 0, 0, new TransferPayload(key.Address, 0));
    }

    private static ProofTreeFixture BuildTree()
    {
        var nodes = new InMemorySmtNodeStore();
        var tree = new SparseMerkleTree(nodes);
        static Hash256 KeyOf(int i) => new(SHA256.HashData(BitConverter.GetBytes(i)));
        var entries = Enumerable.Range(0, 48).Select(i => new KeyValuePair<Hash256, byte[]?>(KeyOf(i), Encoding.ASCII.GetBytes($"value-{i}"))).ToList();
        var root = tree.Update(SparseMerkleTree.EmptyRoot, entries);
        var probes = new List<(Hash256, byte[]?)>();
        for (var i = 0; i < 48; i += 6) probes.Add((KeyOf(i), Encoding.ASCII.GetBytes($"value-{i}")));
        for (var i = 1000; i < 1006; i++) probes.Add((KeyOf(i), null));
        return new ProofTreeFixture(root, nodes, probes);
    }

    private static List<byte[]> SmtNodes()
    {
        var tree = ProofTree;
        var result = new List<byte[]>();
        var queue = new Queue<Hash256>([tree.Root]);
        while (queue.Count > 0 && result.Count < 12)
        {
            var hash = queue.Dequeue();
            if (hash.IsZero) continue;
            var bytes = tree.Nodes.GetNode(hash)!;
            result.Add(bytes);
            var node = SmtNode.Decode(bytes);
            if (!node.IsLeaf)
            {
                queue.Enqueue(node.Left);
                queue.Enqueue(node.Right);
            }
        }
        result.Add(SmtNode.Leaf(Hash256.Zero, []).Encode());
        // The first leaf found, so both kinds are always present.
        result.Add(SmtNode.Leaf(tree.Probes[0].Key, tree.Probes[0].Value!).Encode());
        return result;
    }

    private static IEnumerable<string> GenesisJson()
    {
        var genesis = Chain.Value.Genesis;
        yield return genesis.ToJson();
        // Several named validators, written in an order that is not the sorted one, as a hand-edited file may be.
        var file = genesis.ToFile();
        file.Validators = [.. Enumerable.Range(0, 4).Select(i => new L1.Genesis.GenesisValidatorEntry
        {
            Name = $"node-{i}",
            PublicKey = DevChain.Key(i).PublicKey.ToString(),
            Power = (ulong)(10 + i),
        }).OrderByDescending(v => v.PublicKey, StringComparer.Ordinal)];
        file.MinTipPerGas = 7;
        yield return JsonSerializer.Serialize(file, L1.Genesis.GenesisFile.JsonOptions);
        yield return """
            {
              // comments are allowed
              "chainId": "c",
              "genesisTimeMs": 0,
              "blockGasLimit": 21000,
              "maxBlockBytes": 1024,
              "initialBaseFee": 1,
              "minTipPerGas": 0,
              "validators": [ { "publicKey": "0x3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", "power": 18446744073709551615 } ],
              "balances": [ { "address": "0x00000000000000000000000000000000000000ff", "amount": "340282366920938463463374607431768211455" } ]
            }
            """;
    }

    private static IEnumerable<string> NodeConfigJson()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        yield return JsonSerializer.Serialize(new NodeConfig(), options);
        yield return JsonSerializer.Serialize(new NodeConfig { Name = "full-1", Role = "full", ValidatorKeyFile = null, BlockIntervalMs = 600_000, MempoolMaxTransactions = 1 }, options);
        yield return """{"name":"n","role":"validator","rpcListen":"http://[::1]:1","blockIntervalMs":10, /* c */ "dataDir":"/d"}""";
        yield return """{"name":"r","roles":["full","validator"],"role":"validator"}""";
    }

    /// <summary>One request per method with valid parameters (positional and named), a batch, a notification and a fresh transaction.</summary>
    private static IEnumerable<string> RpcRequests(Blockchain chain)
    {
        var block1 = chain.Store.GetBlock(1)!;
        var tx = block1.Transactions[0];
        var address = DevChain.Key(1).Address.ToString();
        var fresh = Hex.Encode(DevChain.Transfer(3, 0, 1, 5).Encoded);
        string Req(object id, string method, JsonNode? parameters = null)
        {
            var o = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id), ["method"] = method };
            if (parameters is not null) o["params"] = parameters;
            return o.ToJsonString();
        }
        yield return Req(1, "l1_chainId");
        yield return Req("a", "l1_head", new JsonArray());
        yield return Req(2, "l1_getBlock", new JsonArray(1, true));
        yield return Req(3, "l1_getBlock", new JsonObject { ["block"] = block1.Hash.ToString(), ["full"] = false });
        yield return Req(4, "l1_getBlock", new JsonArray("2"));
        yield return Req(5, "l1_getAccount", new JsonArray(address, 1));
        yield return Req(6, "l1_getAccount", new JsonObject { ["address"] = address });
        yield return Req(7, "l1_getAccountProof", new JsonArray(address, 2));
        yield return Req(8, "l1_getAccountProof", new JsonArray(DevChain.Key(9).Address.ToString()));
        yield return Req(9, "l1_sendTransaction", new JsonArray(fresh));
        yield return Req(10, "l1_getTransaction", new JsonArray(tx.Hash.ToString()));
        yield return Req(11, "l1_getCommit", new JsonArray(2));
        yield return Req(12, "l1_getCommit", new JsonObject());
        yield return Req(13, "l1_validators");
        yield return Req(14, "l1_feeInfo");
        yield return Req(15, "l1_mempool");
        yield return "[" + Req(16, "l1_head") + "," + Req(17, "l1_getBlock", new JsonArray(0)) + """,{"jsonrpc":"2.0","method":"l1_head"}]""";
        yield return """{"jsonrpc":"2.0","method":"l1_chainId","params":[]}""";
    }

    private static List<byte[]> StarkProofs()
    {
        // The air ProofFuzzTarget verifies against: Fibonacci over 16 rows.
        var air = new FibonacciAir(16, Felt.FromU64(1597));
        return
        [
            StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(16), ProofOptions.InsecureFastForTestsOnly(4, 4)),
            StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(16), ProofOptions.InsecureFastForTestsOnly(2, 2)),
        ];
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length == 0 ? 0 : HashCode.Combine(obj.Length, obj[0], obj[^1]);
    }
}
