using System.Net;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Network;
using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;
using Lamina.Node.Sidecars;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static Lamina.Bench.Harness;

namespace Lamina.Bench;

/// <summary>
/// What each DA node stores and downloads when DA nodes fetch their columns from the network, for 2, 4 and 8 DA
/// nodes: one L1 node (a chain in memory with three blocks of blobs, at 128, 64 and 32 columns wide, serving columns
/// from its sidecars) and N DA nodes, each a real P2P node on loopback with RocksDB on disk, random node ids and 32
/// custody groups (the devnet's), that fetch their custody columns with <see cref="DaColumnFetcher"/> (every column
/// checked against the data root). Measured per node: the columns it holds, the bytes of them in its store and on
/// disk, and the column bytes it downloaded; next to the whole extended squares' bytes and the blobs' bytes.
/// </summary>
internal static class DaStorageSuite
{
    private const string ChainId = "lamina-bench-da-storage";
    private const int Groups = 32;

    public static void Run() => RunAsync().GetAwaiter().GetResult();

    private static async Task RunAsync()
    {
        Console.WriteLine($"\n## da-storage: storage and download per DA node fetching its custody columns ({Groups} of 128 groups), for 2, 4 and 8 DA nodes");
        using var validator = SigningKey.FromSeed(new byte[32]);
        var senders = Fixtures.Keys(6, domain: 11);
        var genesis = new GenesisConfig(ChainId, 1_700_000_000_000, ChainParameters.Default, new ValidatorSet([new Validator(validator.PublicKey, 10)]),
            [.. senders.Select(k => (k.Address, UInt128.Parse("1000000000000000000000000"))).OrderBy(b => b.Item1)], ["v0"], blobs: BlobParameters.Default);
        using var chainStore = new InMemoryStore();
        var chain = new Blockchain(new ChainStore(chainStore), genesis, TimeProvider.System);
        var sidecars = new BlobSidecarCache(chain);
        var rng = new Random(12);
        var nonces = new ulong[senders.Length];
        long blobBytes = 0;
        // Six, three and one blob of 127 KiB: squares 128, 64 and 32 columns wide (k = 64, 32, 16).
        foreach (var count in new[] { 6, 3, 1 })
        {
            for (var i = 0; i < count; i++)
            {
                var data = new byte[count == 1 ? 60_000 : BlobParameters.MaxBlobBytes];
                rng.NextBytes(data);
                var id = new byte[Namespace.IdSize];
                id[^1] = (byte)(i + 1);
                chain.SubmitTransaction(Transaction.Create(senders[i], ChainId, nonces[i]++, Fixtures.MaxFeePerGas, 2, 30_000, new BlobPayload(Namespace.User(id), 100, data)));
                blobBytes += data.Length;
            }
            chain.ProduceBlock(validator);
        }
        var heights = new List<(ulong Height, L1.Blocks.BlockHeader Header, int Width)>();
        long squareBytes = 0;
        var source = new SidecarColumnSource(chain, sidecars);
        for (var h = 1UL; h <= chain.Height; h++)
        {
            var header = chain.Store.GetBlock(h)!.Header;
            var roots = source.Serve(new DaColumnRequest(h, header.DataRoot, 0, DaColumnParts.Header)).Header!;
            heights.Add((h, header, roots.Width));
            squareBytes += (long)roots.Width * roots.Width * Share.Size;
        }
        Console.WriteLine($"(3 blocks: {blobBytes:N0} blob bytes, extended squares {string.Join(", ", heights.Select(x => $"{x.Width}×{x.Width}"))} = {squareBytes:N0} bytes)");

        var channels = ChannelLimits.Default().Set(DaColumnChannel.RequestChannel, DaColumnChannel.MaxPayload).Set(DaColumnChannel.PushChannel, DaColumnChannel.MaxPayload);
        using var l1Key = SigningKey.Generate();
        await using var l1 = new P2PNode(Options(channels, []), l1Key);
        DaColumnChannel.Register(l1, source);
        await l1.StartAsync();

        Console.WriteLine("nodes | node | columns held (128 / 64 / 32 wide) | stored (logical) | on disk | of all square bytes | downloaded");
        foreach (var n in new[] { 2, 4, 8 })
        {
            var nodes = new List<(P2PNode Net, SigningKey Key, RocksDbStore Rocks, DaStore Store, DaCustody Custody, DaColumnFetcher Fetcher, string Dir)>();
            try
            {
                for (var i = 0; i < n; i++)
                {
                    var key = SigningKey.Generate();
                    List<PersistentPeer> peers = [PersistentPeer.From(l1.LocalEndPoint!), .. nodes.Select(x => PersistentPeer.From(x.Net.LocalEndPoint!))];
                    var net = new P2PNode(Options(channels, peers), key);
                    var dir = Path.Combine(Path.GetTempPath(), "lamina-bench-da-" + Guid.NewGuid().ToString("N"));
                    var rocks = RocksDbStore.Open(dir);
                    var store = new DaStore(rocks);
                    var custody = new DaCustody(net.Id.Address, Groups);
                    DaColumnChannel.Register(net, new StoreColumnSource(store, new DaReconstruction(store)));
                    await net.StartAsync();
                    nodes.Add((net, key, rocks, store, custody, new DaColumnFetcher(net, store, custody, SamplingEntropy.Cryptographic, NullLogger.Instance, TimeSpan.FromSeconds(10)), dir));
                }
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (nodes.Any(x => x.Net.Peers.Count < n) && DateTime.UtcNow < deadline) await Task.Delay(20);
                foreach (var node in nodes)
                {
                    foreach (var (height, header, _) in heights)
                    {
                        var outcome = await node.Fetcher.SyncAsync(height, header.Hash, header.DataRoot, CancellationToken.None);
                        if (outcome != DaSyncOutcome.Complete) throw new InvalidOperationException($"height {height}: {outcome}");
                    }
                }
                double shareSum = 0;
                var covered = heights.Select(_ => new HashSet<int>()).ToList();
                for (var i = 0; i < nodes.Count; i++)
                {
                    var node = nodes[i];
                    var held = heights.Select(x => node.Store.HeldColumns(x.Height)).ToList();
                    for (var b = 0; b < heights.Count; b++) covered[b].UnionWith(held[b]);
                    long stored = 0;
                    for (var b = 0; b < heights.Count; b++) stored += (long)held[b].Count * heights[b].Width * Share.Size;
                    node.Rocks.Dispose();
                    var disk = new DirectoryInfo(node.Dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                    shareSum += (double)stored / squareBytes;
                    Console.WriteLine($"{n,5} | {i,4} | {string.Join(" / ", held.Select((h, b) => $"{h.Count,3} ({Pct((double)h.Count / heights[b].Width)})"))} | {stored,14:N0} B | {disk,11:N0} B | {Pct((double)stored / squareBytes),8} | {node.Fetcher.BytesFetched,12:N0} B");
                }
                Console.WriteLine($"{n,5} | mean | per node {Pct(shareSum / n)} of the square bytes ({F(shareSum / n * squareBytes / blobBytes)}× the blob bytes); together they cover {string.Join(" / ", covered.Select((c, b) => Pct((double)c.Count / heights[b].Width)))} of the columns");
            }
            finally
            {
                foreach (var node in nodes)
                {
                    await node.Net.DisposeAsync();
                    node.Key.Dispose();
                    node.Rocks.Dispose();
                    if (Directory.Exists(node.Dir)) Directory.Delete(node.Dir, recursive: true);
                }
            }
        }
        foreach (var key in senders) key.Dispose();
    }

    private static P2POptions Options(ChannelLimits channels, IReadOnlyList<PersistentPeer> peers) => new()
    {
        ChainId = ChainId,
        ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
        PersistentPeers = peers,
        Channels = channels,
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(50),
        MaxReconnectBackoff = TimeSpan.FromMilliseconds(400),
    };
}
