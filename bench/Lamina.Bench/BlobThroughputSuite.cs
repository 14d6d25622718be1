using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Client.Keys;

namespace Lamina.Bench;

/// <summary>
/// Blob bytes per second a 4-validator loopback devnet of real `lamina node` processes finalizes (genesis with a
/// "blobs" section, EIP-4844's default limits: target 393,216 and at most 786,432 blob bytes a block). Four dev
/// accounts each keep up to <see cref="Window"/> blobs of 126 KiB pending (network form, with their sidecars) for
/// <see cref="Duration"/>; the figure is the blob bytes in the blocks finalized meanwhile over their header time span,
/// next to the protocol's ceiling at the measured block rate (max blob bytes × blocks per second).
/// </summary>
internal static class BlobThroughputSuite
{
    private const int Validators = 4;
    private const int Senders = 4;
    private const int BlobBytes = 126 * 1024;
    private const int Window = 6;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private static readonly IFormatProvider Inv = CultureInfo.InvariantCulture;

    public static void Run() => RunAsync().GetAwaiter().GetResult();

    private static async Task RunAsync()
    {
        var dll = ConsensusSuite.FindLaminaDll();
        var home = Path.Combine(Path.GetTempPath(), "lamina-bench-blobs-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"\n## blob-throughput: {Validators}-validator loopback devnet with blobs, real `lamina node` processes ({dll})");
        Console.WriteLine($"load before start (/proc/loadavg): {ConsensusSuite.LoadAvg()}");
        using var net = new ConsensusSuite.Devnet(dll, home, Validators);
        try
        {
            await net.InitAsync();
            foreach (var path in Directory.GetFiles(home, "genesis.json", SearchOption.AllDirectories))
            {
                var genesis = JsonNode.Parse(File.ReadAllText(path))!;
                genesis["blobs"] = new JsonObject();
                File.WriteAllText(path, genesis.ToJsonString());
            }
            var chainId = JsonNode.Parse(File.ReadAllText(Path.Combine(home, "genesis.json")))!["chainId"]!.GetValue<string>();
            net.StartAll();
            await net.WaitHeightAsync(3, TimeSpan.FromSeconds(180));
            var rpc = net.Rpc(0);
            var start = (await rpc.GetHeadAsync()).Height;
            var sw = Stopwatch.StartNew();
            var sent = await Task.WhenAll(Enumerable.Range(0, Senders).Select(i => SendAsync(net.Rpc(i % Validators), KeyFile.Read(Path.Combine(home, "dev-keys", $"dev-{i}.key")), chainId, i, sw)));
            var end = (await rpc.GetHeadAsync()).Height;
            long bytes = 0;
            var blobs = 0;
            for (var h = start + 1; h <= end; h++)
            {
                foreach (var tx in (await rpc.GetBlockAsync(h, full: true)).Transactions)
                {
                    if (tx.Kind != "blob") continue;
                    blobs++;
                    bytes += tx.Json["blobSize"]!.GetValue<long>();
                }
            }
            var spanMs = (await rpc.GetBlockAsync(end)).TimeMs - (await rpc.GetBlockAsync(start)).TimeMs;
            var seconds = spanMs / 1000.0;
            var blocksPerSecond = (end - start) / seconds;
            Console.WriteLine($"sent {sent.Sum()} blobs of {BlobBytes:N0} B in {Duration.TotalSeconds:0} s from {Senders} accounts (≤ {Window} pending each)");
            Console.WriteLine($"finalized heights {start + 1}..{end}: {end - start} blocks in {seconds:F1} s of block time ({blocksPerSecond:F2} blocks/s), {blobs} blobs, {bytes:N0} blob bytes");
            Console.WriteLine($"**{bytes / seconds / 1e6:F3} MB/s of blob data finalized** ({bytes / seconds / 1024:N0} KiB/s); ceiling at this block rate: {786_432 * blocksPerSecond / 1e6:F3} MB/s (786,432 B a block), target {393_216 * blocksPerSecond / 1e6:F3} MB/s");
        }
        catch
        {
            net.DumpLogs();
            throw;
        }
        finally
        {
            Console.WriteLine($"load after (/proc/loadavg): {ConsensusSuite.LoadAvg()}");
        }
    }

    private static async Task<int> SendAsync(LaminaRpcClient rpc, SigningKey key, string chainId, int index, Stopwatch sw)
    {
        using var _ = key;
        var nonce = (await rpc.GetAccountAsync(key.Address)).Nonce;
        var sent = 0;
        var id = new byte[Namespace.IdSize];
        id[^1] = (byte)(0x10 + index);
        while (sw.Elapsed < Duration)
        {
            var committed = (await rpc.GetAccountAsync(key.Address)).Nonce;
            if (nonce - committed >= Window)
            {
                await Task.Delay(50);
                continue;
            }
            var fee = (await rpc.GetFeeInfoAsync()).BaseFeePerGas * 4 + 10;
            var data = new byte[BlobBytes];
            new Random(HashCode.Combine(index, nonce)).NextBytes(data);
            var tx = Transaction.Create(key, chainId, nonce, fee, 2, BlobPayload.Gas, new BlobPayload(Namespace.User(id), 1_000_000_000, data));
            try
            {
                await rpc.SendTransactionAsync(tx.NetworkEncoded);
                nonce++;
                sent++;
            }
            catch (RpcException e)
            {
                Console.Error.WriteLine($"sender {index}: nonce {nonce} refused ({e.Message}); resyncing");
                nonce = (await rpc.GetAccountAsync(key.Address)).PendingNonce;
            }
        }
        return sent;
    }
}
