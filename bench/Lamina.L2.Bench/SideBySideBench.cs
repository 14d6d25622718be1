using System.Diagnostics;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Transactions;
using Lamina.Storage;

/// <summary>
/// Issue 15's side-by-side table: one workload of signed transfers among 64 accounts, carried by L1 itself, by the
/// optimistic rollup and by the ZK rollup, measured in one process:
/// <list type="bullet">
/// <item>L1: every transfer through mempool admission (signature) and a produced, committed block (one node, in-memory
/// store, no consensus round).</item>
/// <item>Optimistic: the sequencer's admission pipeline, L2 blocks of 100 and the batcher's channel.</item>
/// <item>ZK: the operator's prover on one batch of the transfers (the devnet's compact options, one batch at a time on
/// both cores, as the devnet operator runs), then L1's verifier on it (median of 11).</item>
/// </list>
/// Fees are L1's charges at the devnet's minimum prices (base fee 1,000 per gas, tip 1, blob base fee 1 per byte),
/// per transfer. Finality rows combine figures of this run with the devnet's configured intervals and, where marked,
/// figures measured by other benches (README); nothing is made up.
/// </summary>
internal static class SideBySideBench
{
    private const string ChainId = "lamina-bench";
    private const int Accounts = 64;
    private const ulong BaseFee = 1_000, Tip = 1, BlobBaseFee = 1;
    private const double ConsensusCommitP50Ms = 162; // README, consensus bench: tx arrival -> final block, 4 validators
    private const double DevnetBatchIntervalS = 1; // optimistic batcher and ZK operator batch interval on the devnet
    private const double DevnetChallengeWindowS = 10; // NetworkLayout.DevnetRollup; OP Stack mainnet: 7 days

    public static void Run(int zkBatch, int l1AndOptimistic)
    {
        Console.WriteLine($"side by side: {Environment.ProcessorCount} cores, load {Load()} at start");
        var l1 = L1(l1AndOptimistic);
        var op = Optimistic(l1AndOptimistic);
        var zk = Zk(zkBatch);
        Console.WriteLine($"load {Load()} at end (figures on a shared machine are floors)");
        Console.WriteLine();
        Console.WriteLine("| per transfer | L1 transfers | optimistic rollup | ZK rollup |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| transfers/s carried (this run, 2 cores) | {l1.Rate:N0} (admission + execution + commit, one node) | {op.Rate:N0} (sequencer) | {zk.Rate:F1} (prover, batch of {zkBatch}; {zk.PerCpuSecond:F1} per CPU-second) |");
        Console.WriteLine($"| bytes in L1 blocks | {l1.Bytes:F0} | {op.L1Bytes:F2} (batch references) | {zk.L1Bytes:F0} (proof + effects in the batch tx) |");
        Console.WriteLine($"| bytes posted to DA (blobs) | 0 | {op.DaBytes:F1} | {zk.DaBytes:F1} (pubdata) |");
        Console.WriteLine($"| L1 gas | {TransferPayload.Gas:N0} | {op.Gas:N0} | {zk.Gas:N0} (verification priced by its measured cost) |");
        Console.WriteLine($"| L1 fee (units at min prices) | {l1.Fee:N0} | {op.Fee:N0} (+ the devnet's L2 fee 110) | {zk.Fee:N0} |");
        Console.WriteLine($"| soft confirmation | = final | sequencer admission p50 {op.SoftMs:F2} ms here (8.8 ms over RPC, README) | operator admission: one fsync'd journal write |");
        Console.WriteLine($"| safe (on final L1) | 1 block, commit p50 {ConsensusCommitP50Ms:F0} ms (README) | batch interval {DevnetBatchIntervalS:F0} s + 1 L1 block | = final |");
        Console.WriteLine($"| final | = safe | + challenge window: {DevnetChallengeWindowS:F0} s on the devnet (7 days on OP mainnet) | batch interval {DevnetBatchIntervalS:F0} s + prove {zk.ProveS:F1} s + 1 L1 block (verify {zk.VerifyMs:F1} ms) |");
        Console.WriteLine($"| withdrawal on L1 | - | after the challenge window | in the block that verifies the proof |");
        Console.WriteLine();
        Console.WriteLine($"L1 capacity for ZK batches: {ChainParameters.Default.BlockGasLimit / Math.Max(1UL, zk.BatchGas)} batches of {zkBatch} per 30 M-gas block " +
            $"({zk.BatchGas:N0} gas each); proof {zk.ProofBytes / 1024.0:F1} KiB");
    }

    private sealed record L1Figures(double Rate, double Bytes, double Fee);

    private static L1Figures L1(int n)
    {
        var keys = Enumerable.Range(0, Accounts).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 1), 32)])).ToArray();
        var txs = new Transaction[n];
        var nonces = new ulong[Accounts];
        for (var i = 0; i < n; i++)
        {
            var (from, to) = Pair(i);
            txs[i] = Transaction.Create(keys[from], ChainId, nonces[from]++, 2 * BaseFee, Tip, TransferPayload.Gas, new TransferPayload(keys[to].Address, (UInt128)(i + 1)));
        }
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            using var validator = SigningKey.FromSeed(new byte[32]);
            var genesisMs = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 10_000;
            var genesis = new GenesisConfig(ChainId, genesisMs, ChainParameters.Default, new ValidatorSet([new Validator(validator.PublicKey, 10)]),
                [.. keys.Select(k => (k.Address, UInt128.Parse("1000000000000000000000"))).OrderBy(b => b.Item1)], ["v0"]);
            using var store = new InMemoryStore();
            var chain = new Blockchain(new ChainStore(store), genesis, TimeProvider.System);
            GC.Collect();
            var wall = Stopwatch.StartNew();
            foreach (var tx in txs) chain.SubmitTransaction(tx);
            while (chain.Mempool.Count > 0) chain.ProduceBlock(validator);
            best = Math.Max(best, n / wall.Elapsed.TotalSeconds);
        }
        var bytes = txs.Average(t => t.Encoded.Length);
        Console.WriteLine($"L1: {n} transfers, best of 3: {best:N0} /s; {bytes:F0} B each");
        return new L1Figures(best, bytes, TransferPayload.Gas * (double)(BaseFee + Tip));
    }

    private sealed record OptimisticFigures(double Rate, double L1Bytes, double DaBytes, double Gas, double Fee, double SoftMs);

    private static OptimisticFigures Optimistic(int n)
    {
        const ulong chainId = 7, rollupId = 1;
        var keys = Enumerable.Range(0, Accounts).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 1), 32)])).ToArray();
        var config = new RollupConfig(chainId, rollupId, new Address(new byte[20]), new Address([.. Enumerable.Repeat((byte)0xBA, 20)]), 1,
            SequencingWindow: 1_000, ForcedInclusionWindow: 1_000, MaxSequencerDriftMs: 600_000, ChannelTimeout: 10);
        var l1Genesis = new L1BlockData(1, 1_000, [.. keys.Select((k, i) => new L2Deposit((ulong)i, k.Address, 1UL << 50))], [], [], []);
        var nonces = new ulong[Accounts];
        var items = new OptimisticBatchItem[n];
        for (var i = 0; i < n; i++)
        {
            var (from, to) = Pair(i);
            items[i] = OptimisticBatchItem.From(OptimisticTransfer.Create(keys[from], chainId, rollupId, keys[to].Address, (ulong)(i + 1), 110, nonces[from]++));
        }
        var best = 0.0;
        SequencerCore? sequencer = null;
        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            var wall = Stopwatch.StartNew();
            sequencer = OptimisticBench.RunPipelined(config, l1Genesis, items);
            best = Math.Max(best, n / wall.Elapsed.TotalSeconds);
        }
        var latencies = new double[n];
        var single = new SequencerCore(config, new InMemorySmtNodeStore());
        OptimisticBench.RunOneByOne(single, l1Genesis, items, latencies);
        Array.Sort(latencies);
        var built = sequencer ?? throw new InvalidOperationException("no sequencer round ran");
        var channels = new Batcher(130_048).PrepareAll(built.GetBlock, 0, built.Head.Number);
        var channelBlobs = channels.SelectMany(c => c.Blobs).ToList();
        var posted = channelBlobs.Sum(b => b.Length);
        // Each blob goes to L1 as one blob transaction (BlobPayload.Gas) whose body holds 44 B of blob reference plus the envelope.
        var blobTxBytes = channelBlobs.Count * (double)Transaction.Create(keys[0], ChainId, 0, 2 * BaseFee, Tip, Lamina.L1.Blobs.BlobPayload.Gas,
            new Lamina.L1.Blobs.BlobPayload(Lamina.L1.Rollups.RollupNamespace.Of(rollupId), 1, channelBlobs[0])).Encoded.Length;
        var gas = channelBlobs.Count * (double)Lamina.L1.Blobs.BlobPayload.Gas / n;
        var fee = (channelBlobs.Count * (double)Lamina.L1.Blobs.BlobPayload.Gas * (BaseFee + Tip) + posted * (double)BlobBaseFee) / n;
        Console.WriteLine($"optimistic: {n} transfers, best of 3: {best:N0} /s; {posted:N0} B in {channelBlobs.Count} blobs");
        return new OptimisticFigures(best, blobTxBytes / n, (double)posted / n, gas, fee, latencies[n / 2]);
    }

    private sealed record ZkFigures(double Rate, double PerCpuSecond, double L1Bytes, double DaBytes, double Gas, double Fee, double ProveS, double VerifyMs, ulong BatchGas, int ProofBytes);

    private static ZkFigures Zk(int n)
    {
        var domain = new ZkRollupDomain(ChainId, 2);
        var keys = Enumerable.Range(0, Accounts).Select(i => { var s = new byte[32]; BitConverter.TryWriteBytes(s, i + 1); return ZkSigningKey.FromSeed(s); }).ToArray();
        var state = new Lamina.L2.Zk.State.ZkState();
        var executor = new ZkBatchExecutor(domain);
        for (var i = 0; i < Accounts; i++) executor.Apply(state, new DepositOp((ulong)i, (uint)(i + 1), keys[i].PublicKey, 1_000_000_000));
        var nonces = new uint[Accounts];
        var txs = new List<TransferTx>(n);
        for (var i = 0; i < n; i++)
        {
            var (from, to) = Pair(i);
            txs.Add(TransferTx.Create((uint)(from + 1), (uint)(to + 1), PackedAmount.Pack((ulong)(i + 1)), nonces[from]++, keys[from], domain));
        }
        var prover = new ZkBatchProver(domain, ZkBatchProver.CompactOptions, sequential: true);
        prover.Prove(state, txs.GetRange(0, 1), 0); // warm-up
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var batch = prover.Prove(state, txs, 0);
        var proveS = wall.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuS = (process.TotalProcessorTime - cpu).TotalSeconds;
        var pubdata = PubdataCodec.Decode(batch.Result.Pubdata);
        var times = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            var v = Stopwatch.StartNew();
            ZkBatchVerifier.Verify(domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 0, pubdata, batch.ConsumedPriorityOps, batch.Proof);
            times.Add(v.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var effects = ZkBatchEffects.FromPubdata(batch.Result.State.Accounts.Root, pubdata, 0);
        var payload = new ZkBatchPayload(2, 0, effects, BlobBaseFee, batch.Result.Pubdata, batch.Proof);
        using var operatorKey = SigningKey.FromSeed([.. Enumerable.Repeat((byte)0x77, 32)]);
        var tx = Transaction.Create(operatorKey, ChainId, 0, 2 * BaseFee, Tip, payload.IntrinsicGas, payload);
        var daBytes = batch.Result.Pubdata.Length;
        var fee = (payload.IntrinsicGas * (double)(BaseFee + Tip) + daBytes * (double)BlobBaseFee) / n;
        Console.WriteLine($"zk: {n} transfers: prove {proveS:F1} s wall, {cpuS:F1} s CPU; proof {payload.ProofBytes.Length:N0} B; verify median {times[5]:F1} ms; gas {payload.IntrinsicGas:N0}");
        return new ZkFigures(n / proveS, n / cpuS, (double)tx.Encoded.Length / n, (double)daBytes / n, (double)payload.IntrinsicGas / n, fee, proveS, times[5],
            payload.IntrinsicGas, payload.ProofBytes.Length);
    }

    /// <summary>The workload: transfer i goes from account i mod 64 to another account, the same pairs on every layer.</summary>
    private static (int From, int To) Pair(int i)
    {
        int from = i % Accounts, to = (i * 7 + 1) % Accounts;
        return (from, to == from ? (to + 1) % Accounts : to);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
