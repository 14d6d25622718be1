using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;

/// <summary>
/// The workload as L1 transfers through validator-0's l1_sendTransaction: fresh senders funded by a dev key, then
/// every transfer sent without waiting, each timed from its send to the first sight of the block that includes it
/// (every committed block is final, so soft confirmation, safety and finality are one moment). Bytes are the
/// transactions' sizes in their blocks, fees their receipts' burn plus tip.
/// </summary>
internal static class SideBySideL1
{
    public static async Task<SideBySideFigures> RunAsync(LaminaRpcClient l1, string chainId, SigningKey funder, int transfers, int senders)
    {
        var keys = SideBySideWorkload.Keys("l1", senders);
        var fee = (await l1.GetFeeInfoAsync()).BaseFeePerGas * 4 + 10;
        var nonce = (await l1.GetAccountAsync(funder.Address)).PendingNonce;
        Hash256 last = default;
        foreach (var key in keys)
            last = await l1.SendTransactionAsync(Transaction.Create(funder, chainId, nonce++, fee, 2, TransferPayload.Gas, new TransferPayload(key.Address, 1_000_000_000)).Encoded);
        if (await l1.WaitFinalAsync(last, TimeSpan.FromSeconds(120)) is not { IsIncluded: true }) throw new TimeoutException("funding the L1 senders");

        await using var heads = new HeightWatcher(async () => (await l1.GetHeadAsync()).Height);
        var sent = new (Hash256 Hash, double AtMs)[transfers];
        var start = BenchClock.NowMs;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async s =>
        {
            ulong n = 0;
            foreach (var i in SideBySideWorkload.TransfersOf(s, transfers, senders))
            {
                var (from, to, amount) = SideBySideWorkload.Transfer(i, senders);
                var tx = Transaction.Create(keys[from], chainId, n++, fee, 2, TransferPayload.Gas, new TransferPayload(keys[to].Address, amount));
                var at = BenchClock.NowMs;
                sent[i] = (await l1.SendTransactionAsync(tx.Encoded), at);
            }
        }));
        var sentMs = BenchClock.NowMs - start;

        var latencies = new List<double>(transfers);
        long bytes = 0;
        UInt128 fees = 0;
        ulong gas = 0;
        double lastSeen = 0;
        foreach (var (hash, at) in sent)
        {
            var final = await l1.WaitFinalAsync(hash, TimeSpan.FromSeconds(120)) ?? throw new TimeoutException($"transfer {hash} not final");
            var seen = await heads.WaitAsync(final.BlockHeight!.Value, "the head to reach the block", TimeSpan.FromSeconds(30));
            latencies.Add(seen - at);
            lastSeen = Math.Max(lastSeen, seen);
            bytes += final.Json["size"]!.GetValue<long>();
            fees += final.Receipt!.Burned + final.Receipt.Tip;
            gas += final.Receipt.GasUsed;
        }
        var confirmed = Latencies.Of(latencies);
        return new SideBySideFigures("L1 transfers", transfers, transfers / ((lastSeen - start) / 1000), $"{transfers} sent in {sentMs / 1000:F1} s, all final after {(lastSeen - start) / 1000:F1} s",
            bytes / (double)transfers, 0, gas / (double)transfers, $"{fees / (UInt128)transfers:N0} (L1 fee: receipt burn + tip)",
            confirmed, "included in a final block", confirmed, confirmed, "= safe: BFT blocks are final", "— (already on L1)", "");
    }
}
