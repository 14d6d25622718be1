using System.Globalization;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core.Crypto;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Transactions;

/// <summary>
/// The workload on the devnet's ZK rollup: senders funded by L1 deposits (priority requests the operator batches),
/// every transfer sent to zk-operator-0's zk_sendTransaction (soft confirmation: its journaled answer), safe and final
/// in one moment: when L1 has verified the batch holding it (the operator's proof time plus one L1 block), first
/// seen by polling zkl1_getRollup. Per batch, L1's record (zkl1_getBatch: proof size, pubdata bytes, gas charged,
/// the L1 node's verify time) and the batch transaction's size and receipt in its block. The withdrawal is timed from
/// its send until the batch holding it is verified, and checked paid in exactly that L1 block.
/// </summary>
internal static class SideBySideZk
{
    private const uint RollupId = 2;
    private const ulong Fund = 1_000_000_000;
    private const uint FirstAccount = 100;

    public static async Task<SideBySideFigures> RunAsync(LaminaRpcClient l1, LaminaRpcClient op, string chainId, SigningKey funder, int transfers, int senders)
    {
        var keys = SideBySideWorkload.ZkKeys(senders);
        var domain = new ZkRollupDomain(chainId, RollupId);
        var fee = (await l1.GetFeeInfoAsync()).BaseFeePerGas * 4 + 10;
        var builder = new ZkRollupTxBuilder(funder, chainId, (await l1.GetAccountAsync(funder.Address)).PendingNonce, fee, 2);
        for (var s = 0; s < senders; s++)
            await l1.SendTransactionAsync(builder.Deposit(RollupId, FirstAccount + (uint)s, keys[s].PublicKey, Fund).Encoded);
        await BenchClock.UntilAsync(async () =>
        {
            var rollup = await l1.GetZkRollupAsync(RollupId);
            return rollup.PriorityQueueLength == 0 && (await op.GetZkAccountAsync(FirstAccount + (uint)senders - 1)).Balance == Fund;
        }, "the deposits to be proven on L1", TimeSpan.FromSeconds(600), 200);

        var firstBatch = (await l1.GetZkRollupAsync(RollupId)).Batches;
        await using var verified = new HeightWatcher(async () => (await l1.GetZkRollupAsync(RollupId)).Batches);
        var sent = new (ulong Sequence, double AtMs, double SoftMs)[transfers];
        var start = BenchClock.NowMs;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async s =>
        {
            uint n = 0;
            foreach (var i in SideBySideWorkload.TransfersOf(s, transfers, senders))
            {
                var (from, to, amount) = SideBySideWorkload.Transfer(i, senders);
                var tx = TransferTx.Create(FirstAccount + (uint)from, FirstAccount + (uint)to, PackedAmount.Pack(amount), n++, keys[from], domain);
                var at = BenchClock.NowMs;
                var answer = await op.SendZkTransactionAsync(tx.Encode());
                sent[i] = (answer.Sequence, at, BenchClock.NowMs - at);
            }
        }));
        var softDone = BenchClock.NowMs;

        var lastSequence = sent.Max(s => s.Sequence);
        var batches = await BatchesThroughAsync(op, firstBatch, lastSequence);
        var final = new List<double>(transfers);
        double lastFinal = 0;
        foreach (var (sequence, at, _) in sent)
        {
            var batch = batches.First(b => b.FirstSequence <= sequence && sequence < b.FirstSequence + b.OpCount);
            var seen = await verified.WaitAsync(batch.Number + 1, "L1 to verify the batch", TimeSpan.FromSeconds(600));
            lastFinal = Math.Max(lastFinal, seen);
            final.Add(seen - at);
        }

        long body = 0, pubdata = 0, proof = 0;
        UInt128 fees = 0;
        ulong gas = 0;
        var verifyMs = new List<double>();
        var gasPerBatch = new List<double>();
        foreach (var b in batches)
        {
            var record = await l1.GetZkBatchAsync(RollupId, b.Number);
            var tx = (await l1.GetTransactionAsync(record.TxHash))!;
            body += tx.Json["size"]!.GetValue<long>();
            fees += tx.Receipt!.Burned + tx.Receipt.Tip;
            gas += tx.Receipt.GasUsed;
            gasPerBatch.Add(record.Gas);
            pubdata += (long)record.PubdataBytes;
            proof += (long)record.ProofBytes;
            if (record.ThisNodeVerifyUs is { } us) verifyMs.Add(us / 1000.0);
        }
        var ops = batches.Sum(b => (long)b.OpCount);
        var proveMs = Latencies.Of(batches.Select(b => (double)b.ProveMs));
        var verify = Latencies.Of(verifyMs);
        var withdrawal = await WithdrawAsync(l1, op, keys[0], domain);
        var soft = Latencies.Of(sent.Select(s => s.SoftMs));
        var finalLatencies = Latencies.Of(final);
        return new SideBySideFigures("ZK rollup", transfers, transfers / ((lastFinal - start) / 1000),
            $"to L1-verified; soft-confirmed at {transfers / ((softDone - start) / 1000):N0}/s; {batches.Count} batches of ≤ {batches.Max(b => b.OpCount)}",
            body / (double)ops, pubdata / (double)ops, gas / (double)ops,
            $"0 on L2 (no fee field) + {fees / (UInt128)ops:N0} of L1 fees the operator paid",
            soft, "operator's answer (journaled)", finalLatencies, finalLatencies,
            $"= safe: proof ({proveMs}) + 1 L1 block", withdrawal,
            string.Create(CultureInfo.InvariantCulture, $"per batch: L1 verify {verify} (validator-0's own measurement), gas charged p50 {Latencies.Of(gasPerBatch).P50:N0} (mean {gasPerBatch.Average():N0}), proof {proof / (double)batches.Count / 1024:F1} KiB mean, prove {proveMs}"));
    }

    /// <summary>The operator's batches from <paramref name="first"/> until one holds log position <paramref name="last"/>, all verified on L1.</summary>
    private static async Task<List<ZkOperatorBatchView>> BatchesThroughAsync(LaminaRpcClient op, ulong first, ulong last)
    {
        var batches = new List<ZkOperatorBatchView>();
        await BenchClock.UntilAsync(async () =>
        {
            while (true)
            {
                ZkOperatorBatchView b;
                try
                {
                    b = await op.GetZkOperatorBatchAsync(first + (ulong)batches.Count);
                }
                catch (RpcException)
                {
                    return false;
                }
                if (b.Phase == "rejected") throw new InvalidOperationException($"L1 rejected batch {b.Number}: {b.LastRejection}");
                if (b.Phase != "verified") return false;
                batches.Add(b);
                if (b.FirstSequence + b.OpCount > last) return true;
            }
        }, "every transfer's batch to be verified on L1", TimeSpan.FromSeconds(1200), 200);
        return batches;
    }

    /// <summary>One withdrawal to a fresh L1 address, timed until its batch is verified; paid in that very L1 block.</summary>
    private static async Task<string> WithdrawAsync(LaminaRpcClient l1, LaminaRpcClient op, Lamina.L2.Zk.Crypto.ZkSigningKey key, ZkRollupDomain domain)
    {
        var recipient = SideBySideWorkload.Keys("zk-withdraw", 1)[0].Address;
        const ulong Amount = 12_345;
        var account = await op.GetZkAccountAsync(FirstAccount);
        var first = (await l1.GetZkRollupAsync(RollupId)).Batches;
        var start = BenchClock.NowMs;
        var sent = await op.SendZkTransactionAsync(WithdrawalTx.Create(FirstAccount, Amount, recipient, account.Nonce, key, domain).Encode());
        var batch = (await BatchesThroughAsync(op, first, sent.Sequence))[^1];
        var end = BenchClock.NowMs;
        var height = batch.L1Height!.Value;
        var paid = (await l1.GetAccountAsync(recipient, height)).Balance;
        var before = (await l1.GetAccountAsync(recipient, height - 1)).Balance;
        if (paid != Amount || before != 0) throw new InvalidOperationException($"the withdrawal was not paid in its batch's block {height} ({before} → {paid})");
        return $"{Latencies.Format(end - start)} (paid in L1 block {height}, the block that verified batch {batch.Number}; proof {batch.ProveMs} ms)";
    }
}
