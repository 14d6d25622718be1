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
//   pubdata        bytes per operation kind
string mode = args.Length > 0 ? args[0] : "native";
int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
switch (mode)
{
    case "native":
        Native(count == 0 ? 200 : count);
        break;
    case "sigs":
        Signatures(count == 0 ? 8 : count);
        break;
    case "pubdata":
        foreach (ZkTxKind kind in Enum.GetValues<ZkTxKind>())
        {
            Console.WriteLine($"{kind,-14} {PubdataCodec.Size(kind),3} bytes of pubdata");
        }
        break;
    default:
        Console.Error.WriteLine("usage: native [n] | sigs [n] | pubdata");
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
