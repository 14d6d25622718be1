using System.Diagnostics;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Air;
using Lamina.Stark.Proofs;
using Lamina.Stark.Verifier;

/// <summary>
/// `verifysplit N [compact]`: where a batch verification's CPU time goes, step by step (statements, AIR assertions, public
/// inputs, the whole STARK), as CPU time per call over 21 calls on this single thread. The batch of N transfers is
/// the `batch` bench's; its proof is cached in the temp directory (keyed by the proof version and N) so that
/// verifier changes can be measured without proving again. With LAMINA_VERIFY_LOOP=K set it only verifies K times
/// (for a profile of verification alone).
/// </summary>
internal static class VerifySplitBench
{
    public static void Run(int n, bool compact, string? optionsName = null)
    {
        ProofOptions options = optionsName == "size100" ? ZkBatchProver.Size100Options : compact ? ZkBatchProver.CompactOptions : ProofOptions.Default;
        string label = optionsName ?? (compact ? "compact" : "default");
        var domain = new ZkRollupDomain("lamina-bench", 1);
        (ZkState state, List<TransferTx> txs) = BatchWorkload.Transfers(domain, n);
        string cache = Path.Combine(Path.GetTempPath(), $"lamina-zk-verifysplit-v{ZkBatchProof.Version}-{n}-{label}.bin");
        ZkState next = state.Clone();
        var executor = new ZkBatchExecutor(domain);
        var ops = new List<PubdataOp>();
        for (int i = 0; i < txs.Count; i++) ops.Add(executor.Apply(next, txs[i], i));
        ZkBatchProof proof;
        if (File.Exists(cache))
        {
            proof = ZkBatchProof.Decode(File.ReadAllBytes(cache));
        }
        else
        {
            ZkProvenBatch batch = new ZkBatchProver(domain, options).Prove(state, txs, 1);
            proof = batch.Proof;
            File.WriteAllBytes(cache, proof.Encode());
        }
        var pubdata = PubdataCodec.Decode(PubdataCodec.Encode(ops));
        ZkBatchVerifier.Verify(domain, state.Accounts.Root, next.Accounts.Root, 1, pubdata, [], proof); // JIT warm-up
        if (Environment.GetEnvironmentVariable("LAMINA_VERIFY_LOOP") is { } loop && int.TryParse(loop, out int repeats))
        {
            // Only whole verifications, for a profiler (`perf record`) whose samples then show nothing else.
            for (int i = 0; i < repeats; i++) ZkBatchVerifier.Verify(domain, state.Accounts.Root, next.Accounts.Root, 1, pubdata, [], proof);
            return;
        }
        ZkBatchStatements statements = ZkBatchStatements.Build(domain, pubdata, proof.Signers, proof.Openings);
        StarkAir air = ZkBatchAir.For(state.Accounts.Root, next.Accounts.Root, statements, 1);
        Console.WriteLine($"{n} transfers ({label} options, {SecurityEstimator.ConjecturedBits(options, air.TraceLength)} conjectured bits), proof {proof.Encode().Length:N0} B, {air.GetAssertions().Count:N0} assertions, trace {air.TraceLength} x {air.TraceWidth}; CPU ms per call:");
        PrintSizes(ProofCodec.Decode(proof.Stark));
        Console.WriteLine($"  distinct asserted rows {air.GetAssertions().Select(a => a.Row).Distinct().Count():N0}");
        Time("whole ZkBatchVerifier.Verify", () => ZkBatchVerifier.Verify(domain, state.Accounts.Root, next.Accounts.Root, 1, pubdata, [], proof));
        Time("  statements (ZkBatchStatements.Build)", () => ZkBatchStatements.Build(domain, pubdata, proof.Signers, proof.Openings));
        Time("  AIR (ZkBatchAir.For)", () => ZkBatchAir.For(state.Accounts.Root, next.Accounts.Root, statements, 1));
        Time("  StarkVerifier.Verify", () => StarkVerifier.Verify(air, proof.Stark));
        Time("    of which GetAssertions", () => air.GetAssertions());
        if (air is CombinedAir parts)
        {
            Time("      state part's", () => parts.Left.GetAssertions());
            Time("      signature part's", () => parts.Right.GetAssertions());
        }
        Time("    of which PublicInputBytes", () => air.PublicInputBytes());
        Time("    of which proof decoding", () => Lamina.Stark.Proofs.ProofCodec.Decode(proof.Stark));
    }

    /// <summary>Where the STARK's bytes go: rows opened, Merkle nodes per tree, FRI groups, the rest.</summary>
    private static void PrintSizes(StarkProof p)
    {
        long traceRows = p.TraceRows.Sum(r => 8L * r.Length), compositionRows = p.CompositionRows.Sum(r => 8L * r.Length);
        long ood = 24L * (p.OodTraceCurrent.Length + p.OodTraceNext.Length + p.OodComposition.Length);
        Console.WriteLine($"  STARK bytes: trace rows {traceRows:N0}, trace Merkle {32L * p.TraceMerkleNodes.Length:N0} ({p.TraceMerkleNodes.Length} nodes), " +
            $"composition rows {compositionRows:N0}, composition Merkle {32L * p.CompositionMerkleNodes.Length:N0}, out-of-domain {ood:N0}, remainder {24L * p.FriRemainder.Length:N0}");
        for (int l = 0; l < p.FriLayers.Length; l++)
        {
            FriLayerOpening layer = p.FriLayers[l];
            Console.WriteLine($"  FRI layer {l}: {layer.Groups.Length} groups, {24L * layer.Groups.Sum(g => g.Length):N0} B values, {32L * layer.MerkleNodes.Length:N0} B Merkle ({layer.MerkleNodes.Length} nodes)");
        }
    }

    private static void Time(string what, Action action)
    {
        var process = Process.GetCurrentProcess();
        action();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime;
        const int calls = 21;
        for (int i = 0; i < calls; i++) action();
        process.Refresh();
        Console.WriteLine($"  {what,-45} {(process.TotalProcessorTime - cpu).TotalMilliseconds / calls,8:F2}");
    }
}

/// <summary>The `batch` bench's workload: deposits to min(N, 64) users, then N transfers among them.</summary>
internal static class BatchWorkload
{
    public static (ZkState State, List<TransferTx> Transfers) Transfers(ZkRollupDomain domain, int n)
    {
        int users = Math.Max(2, Math.Min(n, 64));
        var keys = Enumerable.Range(0, users).Select(i => { byte[] s = new byte[32]; BitConverter.TryWriteBytes(s, i + 1); return ZkSigningKey.FromSeed(s); }).ToArray();
        var state = new ZkState();
        var executor = new ZkBatchExecutor(domain);
        for (int i = 0; i < users; i++) executor.Apply(state, new DepositOp((ulong)i, (uint)(i * 1000 + 1), keys[i].PublicKey, 1_000_000_000));
        var nonces = new uint[users];
        var txs = new List<TransferTx>(n);
        for (int i = 0; i < n; i++)
        {
            int from = i % users, to = (i * 7 + 1) % users;
            if (to == from) to = (to + 1) % users;
            txs.Add(TransferTx.Create((uint)(from * 1000 + 1), (uint)(to * 1000 + 1), PackedAmount.Pack((ulong)(i + 1)), nonces[from]++, keys[from], domain));
        }
        return (state, txs);
    }
}
