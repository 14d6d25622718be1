using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;

/// <summary>
/// The workload on the devnet's optimistic rollup: senders funded by L1 deposits, every transfer sent to
/// sequencer-0's l2_sendTransaction (soft confirmation: its answer), safe when the sequencer's safe head (derived from
/// final L1 and DA) passes the transfer's L2 block, final when an output root covering that block finalizes on L1
/// after the challenge window. L1 bytes and fees are the batcher's transactions in the L1 blocks of the run (body
/// sizes, blob sizes, receipts); the user's fee is what the senders' L2 balances lost (the transfers are among them).
/// The withdrawal is timed from its send to its claim being final on L1.
/// </summary>
internal static class SideBySideOptimistic
{
    private const ulong RollupId = 1;
    private const ulong Fund = 1_000_000_000;

    public static async Task<SideBySideFigures> RunAsync(LaminaRpcClient l1, LaminaRpcClient sequencer, string chainId, SigningKey funder, Address batcher, int transfers, int senders)
    {
        var keys = SideBySideWorkload.Keys("optimistic", senders);
        var rollup = await l1.GetRollupAsync(RollupId);
        var blobBaseFee = (await l1.GetRollupL1BlockAsync(RollupId, rollup.Height!.Value)).BlobBaseFee;
        var l2Fee = rollup.L2Fees.RequiredFee(checked(blobBaseFee * 2));
        var fee = (await l1.GetFeeInfoAsync()).BaseFeePerGas * 4 + 10;
        var nonce = (await l1.GetAccountAsync(funder.Address)).PendingNonce;
        foreach (var key in keys)
        {
            var deposit = new RollupDepositPayload(RollupId, key.Address, Fund);
            await l1.SendTransactionAsync(Transaction.Create(funder, chainId, nonce++, fee, 2, deposit.IntrinsicGas, deposit).Encoded);
        }
        foreach (var key in keys)
            await BenchClock.UntilAsync(async () => (await sequencer.GetL2AccountAsync(key.Address)).Balance >= Fund, "the sequencer to credit the deposits", TimeSpan.FromSeconds(120), 100);

        await using var safeHead = new HeightWatcher(async () => (await sequencer.GetL2HeadAsync()).Safe.Number);
        await using var finalized = new HeightWatcher(async () => await FinalizedL2BlockAsync(l1));
        var startHeight = (await l1.GetHeadAsync()).Height;
        var sent = new (Hash256 Hash, double AtMs, double SoftMs)[transfers];
        var start = BenchClock.NowMs;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async s =>
        {
            ulong n = 0;
            foreach (var i in SideBySideWorkload.TransfersOf(s, transfers, senders))
            {
                var (from, to, amount) = SideBySideWorkload.Transfer(i, senders);
                var tx = L2Transaction.FromSequenced(OptimisticBatchItem.From(OptimisticTransfer.Create(keys[from], rollup.L2ChainId, RollupId, keys[to].Address, amount, l2Fee, n++))).Encode();
                var at = BenchClock.NowMs;
                var answer = await sequencer.SendL2TransactionAsync(tx);
                sent[i] = (answer.Hash, at, BenchClock.NowMs - at);
            }
        }));
        var softDone = BenchClock.NowMs;

        var safe = new List<double>(transfers);
        var final = new List<double>(transfers);
        double lastSafe = 0;
        foreach (var (hash, at, _) in sent)
        {
            ulong block = 0;
            await BenchClock.UntilAsync(async () => (await sequencer.GetL2TransactionAsync(hash)).BlockNumber is { } b && (block = b) > 0, "the transfer's L2 block", TimeSpan.FromSeconds(60), 50);
            var safeAt = await safeHead.WaitAsync(block, "the safe head", TimeSpan.FromSeconds(180));
            lastSafe = Math.Max(lastSafe, safeAt);
            safe.Add(safeAt - at);
            final.Add(await finalized.WaitAsync(block, "a finalized output root", TimeSpan.FromSeconds(300)) - at);
        }
        var endHeight = (await l1.GetHeadAsync()).Height;
        var (bodyBytes, blobBytes, batcherFees, batcherGas, batcherTxs) = await BatcherUseAsync(l1, batcher, startHeight, endHeight);

        ulong left = 0;
        foreach (var key in keys) left += (await sequencer.GetL2AccountAsync(key.Address)).Balance;
        var userFee = (Fund * (ulong)senders - left) / (double)transfers;
        var withdrawal = await WithdrawAsync(l1, sequencer, chainId, funder, keys[0], rollup.L2ChainId, l2Fee, fee);
        return new SideBySideFigures("optimistic rollup", transfers, transfers / ((lastSafe - start) / 1000),
            $"to safe; soft-confirmed at {transfers / ((softDone - start) / 1000):N0}/s",
            bodyBytes / (double)transfers, blobBytes / (double)transfers, batcherGas / (double)transfers,
            $"{userFee:N0} L2 fee (sequencer) + {batcherFees / (UInt128)transfers:N0} of L1 fees the batcher paid",
            Latencies.Of(sent.Select(s => s.SoftMs)), "sequencer's answer (journaled)", Latencies.Of(safe), Latencies.Of(final),
            $"challenge window {rollup.ChallengeWindowSeconds} s", withdrawal,
            $"{batcherTxs} batcher/proposer L1 transactions in L1 blocks {startHeight + 1}..{endHeight}");
    }

    /// <summary>The highest L2 block an output root finalized on L1 covers.</summary>
    private static async Task<ulong> FinalizedL2BlockAsync(LaminaRpcClient l1)
    {
        var rollup = await l1.GetRollupAsync(RollupId);
        var outputs = await l1.GetRollupOutputsAsync(RollupId, Math.Max(1, rollup.FirstOpenOutput) - 1, 1000);
        ulong best = 0;
        foreach (var o in outputs.Items)
        {
            if (o.IsFinalized) best = Math.Max(best, o.L2BlockNumber);
        }
        return best;
    }

    /// <summary>What the batcher's key (batches and output roots) put in L1 blocks (from, to]: body bytes, blob bytes, fees, gas.</summary>
    private static async Task<(long Body, long Blob, UInt128 Fees, ulong Gas, int Txs)> BatcherUseAsync(LaminaRpcClient l1, Address batcher, ulong from, ulong to)
    {
        long body = 0, blob = 0;
        UInt128 fees = 0;
        ulong gas = 0;
        var txs = 0;
        for (var h = from + 1; h <= to; h++)
        {
            foreach (var tx in (await l1.GetBlockAsync(h, full: true)).Transactions)
            {
                if (tx.From != batcher) continue;
                txs++;
                body += tx.Json["size"]!.GetValue<long>();
                if (tx.Json["blobSize"] is { } size) blob += size.GetValue<long>();
                var receipt = (await l1.GetTransactionAsync(tx.Hash))!.Receipt!;
                fees += receipt.Burned + receipt.Tip;
                gas += receipt.GasUsed;
            }
        }
        return (body, blob, fees, gas, txs);
    }

    /// <summary>One withdrawal from L2 to a fresh L1 address: sent, safe, proven against a finalized output, claimed.</summary>
    private static async Task<string> WithdrawAsync(LaminaRpcClient l1, LaminaRpcClient sequencer, string chainId, SigningKey funder, SigningKey user, ulong l2ChainId, ulong l2Fee, ulong fee)
    {
        var recipient = SideBySideWorkload.Keys("optimistic-withdraw", 1)[0].Address;
        const ulong Amount = 12_345;
        var nonce = (await sequencer.GetL2AccountAsync(user.Address)).Nonce;
        var start = BenchClock.NowMs;
        var sent = await sequencer.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(OptimisticWithdrawal.Create(user, l2ChainId, RollupId, recipient, Amount, l2Fee, nonce))).Encode());
        Lamina.Client.Views.L2WithdrawalProofView? proof = null;
        await BenchClock.UntilAsync(async () =>
        {
            try
            {
                proof = await sequencer.GetL2WithdrawalProofAsync(user.Address, nonce);
                return true;
            }
            catch (RpcException)
            {
                return false;
            }
        }, "the withdrawal's output root to finalize", TimeSpan.FromSeconds(300), 100);
        var provenAt = BenchClock.NowMs;
        var outputs = await l1.GetRollupOutputsAsync(RollupId, 0, 1000);
        var output = outputs.Items.Last(o => o.L2BlockNumber == proof!.L2BlockNumber && o.OutputRoot == proof.OutputRoot && o.IsFinalized);
        var receipt = new OptimisticWithdrawalReceipt(user.Address, recipient, Amount, nonce);
        var claim = new RollupWithdrawPayload(RollupId, output.Index, receipt, OptimisticWithdrawalProof.Decode(proof!.Proof));
        var claimNonce = (await l1.GetAccountAsync(funder.Address)).PendingNonce;
        var hash = await l1.SendTransactionAsync(Transaction.Create(funder, chainId, claimNonce, fee, 2, claim.IntrinsicGas, claim).Encoded);
        var final = await l1.WaitFinalAsync(hash, TimeSpan.FromSeconds(120));
        var paid = (await l1.GetAccountAsync(recipient)).Balance;
        if (final is not { IsIncluded: true } || paid != Amount) throw new InvalidOperationException($"the withdrawal claim was not paid (recipient holds {paid})");
        var end = BenchClock.NowMs;
        return $"{Latencies.Format(end - start)} ({Latencies.Format(provenAt - start)} until its output root finalized, then the claim; {sent.Hash.ToString()[..10]}…)";
    }
}
