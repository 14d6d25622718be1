using System.Diagnostics;
using Lamina.Core.Crypto;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

// ZK-rollup benchmarks. Figures go to stdout with the peer measured in the same run where one exists.
//   native [n]     sign / verify n Schnorr-ECgFp5-RPO signatures natively; peer: libsodium Ed25519 verify
//   sigs [n]       prove n signatures in SchnorrSignaturesAir at ProofOptions.Default (105 bits); verify 21 times
//   batch [n] [seq] [compact] [v4|v5] [cold] prove a batch of n transfers (state + signature proofs) at ProofOptions.Default (or
//                  ZkBatchProver.CompactOptions, 103 bits); verify 21 times. LAMINA_BENCH_PHASES=1 prints prover phases.
//                  The measured proof follows one of the same size, as an operator's batches follow each other (the
//                  prover's buffers are reused); `cold` warms up with a 1-transfer batch instead (every page fresh).
//                  `pair` also proves two batches of n side by side (ZkBatchProver.ProveMany), one per core.
//   verifysplit [n] [compact|size100] where a batch verification's CPU time goes (proof cached in the temp directory);
//                  LAMINA_VERIFY_LOOP=K only verifies K times, for a profiler
//   pubdata        bytes per operation kind
//   optimistic [n] the optimistic rollup: sequencer, derivation, bytes per transfer (OptimisticBench.cs)
//   derive-breakdown [n] where derivation's CPU goes per transfer: decode, signatures, execution on two stores (DerivationBreakdownBench.cs)
//   onestep [n]    the optimistic one-step executor on a state of n accounts; peers: stateful apply, Ed25519 verify
//   softconfirm --l1-rpc URL --l2-rpc URL --key FILE [--senders n] [--seconds s]
//                  soft-confirmation latency through a running sequencer node (SoftConfirmBench.cs)
//   softconfirm-local [--senders n] [--seconds s]
//                  the same through the sequencer role in process: admission, RocksDB journal, ticks (SoftConfirmLocalBench.cs)
//   dispute [n]    the dispute game's L1 step on a block list of n transactions (DisputeStepBench.cs)
//   dispute-replay [k] [m] [n] L1's replay for a move late in a game of k derived descents (n transfers each, default
//                  2,000) then m cheap moves: with stored derivations and deriving every descent again (DisputeReplayBench.cs)
//   sidebyside [n] [m] issue 15's table: the same transfers on L1 (m, default 2,048), the optimistic rollup (m) and
//                  the ZK rollup (one batch of n, default 64); throughput, L1/DA bytes, gas, fee, finality (SideBySideBench.cs)
//   devnet-sidebyside [--transfers 128] [--senders 8] [--validators 4]
//                  issue 15's table on ONE `lamina devnet` of real processes, every layer driven over its RPC (DevnetSideBySideBench.cs)
string mode = args.Length > 0 ? args[0] : "native";
int count = args.Length > 1 && int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
switch (mode)
{
    case "native":
        Native(count == 0 ? 200 : count);
        break;
    case "sigs":
        Signatures(count == 0 ? 8 : count);
        break;
    case "batch":
        Batch(count == 0 ? 16 : count, args.Contains("seq"), args.Contains("compact"),
            args.Contains("v4") ? Lamina.L2.Zk.Proving.ZkBatchProof.NativeChallengeVersion
            : args.Contains("v5") ? Lamina.L2.Zk.Proving.ZkBatchProof.QuinticNextYVersion : Lamina.L2.Zk.Proving.ZkBatchProof.Version,
            args.Contains("cold"));
        if (args.Contains("pair"))
        {
            BatchPair(count == 0 ? 16 : count);
        }
        break;
    case "optimistic":
        OptimisticBench.Run(count == 0 ? 20_000 : count);
        break;
    case "softconfirm":
        return await SoftConfirmBench.RunAsync(args);
    case "softconfirm-local":
        return await SoftConfirmLocalBench.RunAsync(args);
    case "derive-breakdown":
        DerivationBreakdownBench.Run(count == 0 ? 20_000 : count);
        break;
    case "ordered-profile":
        DerivationBreakdownBench.Run(count == 0 ? 20_000 : count, orderedOnly: true);
        break;
    case "onestep":
        OneStepBench.Run(count == 0 ? 100_000 : count);
        break;
    case "dispute":
        DisputeStepBench.Run(count == 0 ? 1_000 : count);
        break;
    case "dispute-replay":
        DisputeReplayBench.Run(count == 0 ? 8 : count, args.Length > 2 && int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var cheap) ? cheap : 64,
            args.Length > 3 && int.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out var transfers) ? transfers : 2_000);
        break;
    case "devnet-sidebyside":
        return await DevnetSideBySideBench.RunAsync(args);
    case "sidebyside":
        SideBySideBench.Run(count == 0 ? 64 : count, args.Length > 2 && int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 2_048);
        break;
    case "verifysplit":
        VerifySplitBench.Run(count == 0 ? 256 : count, args.Contains("compact"), args.Contains("size100") ? "size100" : null);
        break;
    case "pubdata":
        foreach (ZkTxKind kind in Enum.GetValues<ZkTxKind>())
        {
            Console.WriteLine($"{kind,-14} {PubdataCodec.Size(kind),3} bytes of pubdata");
        }
        break;
    default:
        Console.Error.WriteLine("usage: native [n] | sigs [n] | batch [n] | pubdata | optimistic [n] | onestep [n] | dispute [n] | dispute-replay [k] [m] [n] | sidebyside [n] [m] | devnet-sidebyside [--transfers n] | softconfirm --l1-rpc URL --l2-rpc URL --key FILE | softconfirm-local [--senders n] [--seconds s]");
        return 2;
}
return 0;

static (ZkSigningKey Key, RpoDigest Message, ZkSignature Signature)[] Signed(int n)
{
    var result = new (ZkSigningKey, RpoDigest, ZkSignature)[n];
    for (int i = 0; i < n; i++)
    {
        byte[] seed = new byte[32];
        BitConverter.TryWriteBytes(seed, i + 1);
        var key = ZkSigningKey.FromSeed(seed);
        RpoDigest m = Rpo256.HashElements([Felt.FromU64((ulong)i), 42u]);
        result[i] = (key, m, key.Sign(m));
    }
    return result;
}

static void Native(int n)
{
    var process = Process.GetCurrentProcess();
    var keys = Enumerable.Range(0, n).Select(i => { byte[] s = new byte[32]; BitConverter.TryWriteBytes(s, i + 1); return ZkSigningKey.FromSeed(s); }).ToArray();
    RpoDigest m = Rpo256.HashElements([7u]);
    Signed(4);
    // Per-operation CPU time of this (single) thread's work: the machine is shared, wall time is not the cost.
    TimeSpan cpu = process.TotalProcessorTime;
    var sigs = keys.Select(k => k.Sign(m)).ToArray();
    process.Refresh();
    double signUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / n;
    cpu = process.TotalProcessorTime;
    int ok = 0;
    for (int i = 0; i < n; i++) ok += SchnorrRpo.Verify(keys[i].PublicKey, m, sigs[i]) ? 1 : 0;
    process.Refresh();
    double verifyUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / n;
    using var ed = SigningKey.FromSeed(new byte[32]);
    byte[] msg = new byte[64];
    var edSig = ed.Sign(msg);
    cpu = process.TotalProcessorTime;
    int edCount = n * 20;
    for (int i = 0; i < edCount; i++) ok += Ed25519.Verify(ed.PublicKey, msg, edSig) ? 0 : 1;
    process.Refresh();
    double edUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / edCount;
    Console.WriteLine($"Schnorr-ECgFp5-RPO (CPU time per operation, one thread): sign {signUs:F0} us, verify {verifyUs:F0} us ({ok}/{n} valid); " +
        $"peer libsodium Ed25519 verify {edUs:F1} us; verify ratio {verifyUs / edUs:F1}x");
}

static void Signatures(int n)
{
    var process = Process.GetCurrentProcess();
    var statements = Signed(n).Select(s => new SchnorrStatement(s.Key.PublicKey, s.Message, s.Signature)).ToArray();
    var warm = new SchnorrSignaturesAir(statements[..1]);
    StarkProver.ProveToBytes(warm, SchnorrSignaturesTrace.Build(warm), ProofOptions.Default);
    GC.Collect();
    var air = new SchnorrSignaturesAir(statements);
    process.Refresh();
    TimeSpan cpu = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var trace = SchnorrSignaturesTrace.Build(air);
    double traceSeconds = sw.Elapsed.TotalSeconds;
    byte[] proof = StarkProver.ProveToBytes(air, trace, ProofOptions.Default);
    double wall = sw.Elapsed.TotalSeconds;
    process.Refresh();
    double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
    var times = new List<double>();
    for (int i = 0; i < 21; i++)
    {
        var v = Stopwatch.StartNew();
        StarkVerifier.Verify(air, proof);
        times.Add(v.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    long area = (long)air.TraceLength * air.TraceWidth;
    Console.WriteLine($"{n} signatures: trace {air.TraceLength} x {air.TraceWidth} = {area:N0} cells ({area / n:N0} per signature, " +
        $"{SchnorrLayout.Steps * SchnorrLayout.Width:N0} of them in active rows); trace build {traceSeconds:F2} s; prove {wall:F1} s wall, " +
        $"{cpuSeconds:F1} s CPU = {n / cpuSeconds:F2} signatures per CPU-second; peak working set {process.PeakWorkingSet64 / 1e9:F2} GB; " +
        $"proof {proof.Length / 1024.0:F1} KiB at {SecurityEstimator.ConjecturedBits(ProofOptions.Default, air.TraceLength)} bits; verify median {times[10]:F2} ms");
}

static void Batch(int n, bool sequential, bool compact, byte version, bool cold)
{
    bool v4 = version == Lamina.L2.Zk.Proving.ZkBatchProof.NativeChallengeVersion;
    var process = Process.GetCurrentProcess();
    var domain = new ZkRollupDomain("lamina-bench", 1);
    var (users, keys, state) = FundedUsers(n, domain);
    var nonces = new uint[users];
    var txs = new List<TransferTx>(n);
    for (int i = 0; i < n; i++)
    {
        int from = i % users, to = (i * 7 + 1) % users;
        if (to == from) to = (to + 1) % users;
        txs.Add(TransferTx.Create((uint)(from * 1000 + 1), (uint)(to * 1000 + 1), PackedAmount.Pack((ulong)(i + 1)), nonces[from]++, keys[from], domain));
    }
    ProofOptions options = compact ? Lamina.L2.Zk.Proving.ZkBatchProver.CompactOptions : ProofOptions.Default;
    var prover = new Lamina.L2.Zk.Proving.ZkBatchProver(domain, options, sequential, version);
    prover.Prove(state, cold ? txs.GetRange(0, 1) : txs, 0); // warm-up: the operator's previous batch (or a tiny one)
    GC.Collect();
    var phases = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
    var intervals = new List<(string Phase, double Wall, double Cpu)>();
    var intervalClock = new Stopwatch();
    double lastWall = 0;
    TimeSpan lastCpu = TimeSpan.Zero;
    if (Environment.GetEnvironmentVariable("LAMINA_BENCH_PHASES") == "1")
    {
        ProverPhaseLog.Observer = (phase, elapsed) =>
        {
            phases.AddOrUpdate(phase, elapsed.TotalSeconds, (_, t) => t + elapsed.TotalSeconds);
            // The prover reports phases from one thread, one after another, so the process CPU and wall time since the
            // previous report belong to the phase that just ended (nested sub-phases take their share first):
            // CPU / wall per interval shows which phases run on one core.
            process.Refresh();
            TimeSpan cpuNow = process.TotalProcessorTime;
            double wallNow = intervalClock.Elapsed.TotalSeconds;
            intervals.Add((phase, wallNow - lastWall, (cpuNow - lastCpu).TotalSeconds));
            (lastWall, lastCpu) = (wallNow, cpuNow);
        };
    }
    process.Refresh();
    TimeSpan cpu = process.TotalProcessorTime;
    lastCpu = cpu;
    TimeSpan kernel = process.PrivilegedProcessorTime;
    long faults = ThreadCpuSample.MinorFaults();
    intervalClock.Start();
    var sw = Stopwatch.StartNew();
    var batch = prover.Prove(state, txs, 1);
    double wall = sw.Elapsed.TotalSeconds;
    process.Refresh();
    double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"  {(cold ? "cold (after a 1-transfer warm-up)" : "steady state (after a proof of this size)")}: kernel CPU during the proof " +
        $"{(process.PrivilegedProcessorTime - kernel).TotalSeconds:F2} s, minor page faults {ThreadCpuSample.MinorFaults() - faults:N0}");
    long peak = process.PeakWorkingSet64;
    Console.WriteLine($"  prover pool: {Lamina.Stark.Field.BufferPool<Lamina.Stark.Field.Felt>.Shared.RetainedBytes / 1e9:F2} GB of Felt arrays held, at most {Lamina.Stark.Field.BufferPool<Lamina.Stark.Field.Felt>.Shared.MaxRetainedBytes / 1e9:F2} GB");
    Console.WriteLine($"  GC during the proof (with the warm-up): collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; " +
        $"pauses {GC.GetTotalPauseDuration().TotalSeconds:F2} s");
    var pubdata = PubdataCodec.Decode(batch.Result.Pubdata);
    var times = new List<double>();
    // One verification first, so the CPU figure does not carry the verifier's JIT compilation.
    Lamina.L2.Zk.Proving.ZkBatchVerifier.Verify(domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 1, pubdata, batch.ConsumedPriorityOps, batch.Proof);
    process.Refresh();
    TimeSpan verifyCpu = process.TotalProcessorTime;
    for (int i = 0; i < 21; i++)
    {
        var v = Stopwatch.StartNew();
        Lamina.L2.Zk.Proving.ZkBatchVerifier.Verify(domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 1, pubdata, batch.ConsumedPriorityOps, batch.Proof);
        times.Add(v.Elapsed.TotalMilliseconds);
    }
    process.Refresh();
    double verifyCpuMs = (process.TotalProcessorTime - verifyCpu).TotalMilliseconds / 21; // the verifier is single-threaded: CPU time is its cost under load
    times.Sort();
    ProverPhaseLog.Observer = null;
    foreach (var (phase, seconds) in phases.OrderByDescending(p => p.Value))
    {
        Console.WriteLine($"  phase {phase,-45} {seconds,7:F2} s wall ");
    }
    foreach (var (phase, w, c) in intervals)
    {
        Console.WriteLine($"  interval ending {phase,-45} {w,7:F2} s wall {c,7:F2} s CPU  CPU/wall {(w > 0 ? c / w : 0),5:F2}");
    }
    if (intervals.Count > 0)
    {
        Console.WriteLine($"  after the last phase (proof encoding)               {wall - lastWall,7:F2} s wall");
        Console.WriteLine($"  note: the first interval also holds the executor, the statements and the trace build (before the prover's first phase)");
    }
    VerifyBreakdown(domain, state, batch, pubdata);
    // The proof's hash, so that speed work can show the bytes did not change (compare before and after).
    Console.WriteLine($"  proof sha256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(batch.Proof.Encode()))}");
    int stateRows = 2 * Lamina.L2.Zk.Air.AccountTreeTransitionLayout.SegmentLength, sigRows = SchnorrLayout.SegmentLength;
    int sigWidth = v4 ? SchnorrLayout.Width : Lamina.L2.Zk.Air.SchnorrChallengeLayout.Width;
    Console.WriteLine($"{n} transfers: prove {wall:F1} s wall, {cpuSeconds:F1} s CPU = {n / cpuSeconds:F2} transfers per CPU-second; " +
        $"area per transfer: tree updates and rules {stateRows} x {Lamina.L2.Zk.Air.AccountTreeTransitionLayout.Width} = {stateRows * Lamina.L2.Zk.Air.AccountTreeTransitionLayout.Width:N0}, " +
        $"signature {sigRows} x {sigWidth} = {sigRows * sigWidth:N0} cells; peak working set {peak / 1e9:F2} GB; " +
        $"proof {batch.Proof.Encode().Length / 1024.0:F1} KiB = {batch.Proof.Encode().Length:N0} B (STARK {batch.Proof.Stark.Length / 1024.0:F1} KiB + witnesses); " +
        $"pubdata {batch.Result.Pubdata.Length / (double)n:F1} B per transfer; verify median {times[10]:F1} ms wall, {verifyCpuMs:F1} ms CPU (mean of 21); " +
        $"{SecurityEstimator.ConjecturedBits(options, 2 * n * Lamina.L2.Zk.Air.AccountTreeTransitionLayout.SegmentLength)} conjectured bits ({options.NumQueries} queries, {options.GrindingBits} grinding bits, remainder degree {options.RemainderMaxDegree})");
}

// min(n, 64) users (at least 2), each with a deposit of 10^9, for a batch of n transfers among them.
static (int Users, ZkSigningKey[] Keys, Lamina.L2.Zk.State.ZkState State) FundedUsers(int n, ZkRollupDomain domain)
{
    int users = Math.Max(2, Math.Min(n, 64));
    var keys = Enumerable.Range(0, users).Select(i => { byte[] s = new byte[32]; BitConverter.TryWriteBytes(s, i + 1); return ZkSigningKey.FromSeed(s); }).ToArray();
    var state = new Lamina.L2.Zk.State.ZkState();
    var executor = new ZkBatchExecutor(domain);
    for (int i = 0; i < users; i++) executor.Apply(state, new DepositOp((ulong)i, (uint)(i * 1000 + 1), keys[i].PublicKey, 1_000_000_000));
    return (users, keys, state);
}

// Two independent batches of n from one state proven side by side (ZkBatchProver.ProveMany), as an operator with a
// backlog proves them: each proof still splits its loops over the cores, so this shows the cost of those loops' joins.
static void BatchPair(int n)
{
    var process = Process.GetCurrentProcess();
    var domain = new ZkRollupDomain("lamina-bench", 1);
    var (users, keys, state) = FundedUsers(n, domain);
    var batches = new List<(Lamina.L2.Zk.State.ZkState, IReadOnlyList<Lamina.L2.Zk.Transactions.ZkTransaction>, ulong)>();
    for (int b = 0; b < 2; b++)
    {
        var nonces = new uint[users];
        var txs = new List<Lamina.L2.Zk.Transactions.ZkTransaction>(n);
        for (int i = 0; i < n; i++)
        {
            int from = i % users, to = (i * 7 + 1 + b) % users;
            if (to == from) to = (to + 1) % users;
            txs.Add(TransferTx.Create((uint)(from * 1000 + 1), (uint)(to * 1000 + 1), PackedAmount.Pack((ulong)(i + 1 + b)), nonces[from]++, keys[from], domain));
        }
        batches.Add((state.Clone(), txs, 1));
    }
    var prover = new Lamina.L2.Zk.Proving.ZkBatchProver(domain, ProofOptions.Default);
    prover.ProveMany(batches); // warm-up: the previous pair
    GC.Collect();
    process.Refresh();
    TimeSpan cpu = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var proven = prover.ProveMany(batches);
    double wall = sw.Elapsed.TotalSeconds;
    process.Refresh();
    double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
    for (int b = 0; b < 2; b++)
    {
        Lamina.L2.Zk.Proving.ZkBatchVerifier.Verify(domain, state.Accounts.Root, proven[b].Result.State.Accounts.Root, 1,
            PubdataCodec.Decode(proven[b].Result.Pubdata), proven[b].ConsumedPriorityOps, proven[b].Proof);
    }
    Console.WriteLine($"two batches of {n} side by side (both verified): prove {wall:F1} s wall, {cpuSeconds:F1} s CPU = " +
        $"{2 * n / cpuSeconds:F2} transfers per CPU-second, {2 * n / wall:F2} per second on {Environment.ProcessorCount} cores");
}

// Where verification time goes: rebuilding the public statements natively, then each STARK (medians of 11).
static void VerifyBreakdown(ZkRollupDomain domain, Lamina.L2.Zk.State.ZkState state, Lamina.L2.Zk.Proving.ZkProvenBatch batch, IReadOnlyList<PubdataOp> pubdata)
{
    var build = new List<double>();
    var stark = new List<double>();
    for (int i = 0; i < 11; i++)
    {
        var sw = Stopwatch.StartNew();
        var statements = Lamina.L2.Zk.Proving.ZkBatchStatements.Build(domain, pubdata, batch.Proof.Signers, batch.Proof.Openings, batch.Proof.ProofVersion);
        build.Add(sw.Elapsed.TotalMilliseconds);
        sw.Restart();
        StarkVerifier.Verify(Lamina.L2.Zk.Proving.ZkBatchAir.For(state.Accounts.Root, batch.Result.State.Accounts.Root, statements, 1), batch.Proof.Stark);
        stark.Add(sw.Elapsed.TotalMilliseconds);
    }
    build.Sort();
    stark.Sort();
    Console.WriteLine($"  verify (wall, medians of 11): statements (native messages and challenges) {build[5]:F1} ms, batch STARK {stark[5]:F1} ms");
}
