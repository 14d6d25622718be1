using System.Diagnostics;
using Lamina.Stark.Examples;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Bench;

/// <summary>End-to-end RPO hash-chain proof: prover time, memory, proof size, verify time, hashes/s/core.</summary>
internal static class ProveBenchmark
{
    public static void Run(int permutations)
    {
        ProofOptions options = ProofOptions.Default;
        var seed = new RpoDigest(1u, 2u, 3u, 4u);
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"RPO hash chain: {permutations} permutations, trace {8 * permutations} rows x 12 columns, {cores} cores");
        Console.WriteLine($"Options: blowup {options.BlowupFactor}, queries {options.NumQueries}, grinding {options.GrindingBits}, " +
            $"FRI folding {options.FoldingFactor}, remainder degree {options.RemainderMaxDegree}, {options.Hash}");
        Console.WriteLine($"Conjectured security: {SecurityEstimator.ConjecturedBits(options, 8 * permutations)} bits");

        // Warm up the JIT (tiered compilation would otherwise time unoptimized code for the first phases).
        var warmTrace = RpoHashChainAir.BuildTrace(seed, 64, out RpoDigest warmResult);
        StarkProver.ProveToBytes(new RpoHashChainAir(seed, 64, warmResult), warmTrace, options);

        var traceTimer = Stopwatch.StartNew();
        var trace = RpoHashChainAir.BuildTrace(seed, permutations, out RpoDigest result);
        traceTimer.Stop();
        var air = new RpoHashChainAir(seed, permutations, result);

        ProverPhaseLog.Observer = (phase, elapsed) => Console.WriteLine($"  {phase,-36} {elapsed.TotalSeconds,8:F3} s");
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var proveTimer = Stopwatch.StartNew();
        byte[] proof = StarkProver.ProveToBytes(air, trace, options);
        proveTimer.Stop();
        process.Refresh();
        double proveCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        ProverPhaseLog.Observer = null;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;

        // Verify several times and report the median: one verification is a few milliseconds.
        StarkVerifier.Verify(air, proof);
        double[] verifyMs = new double[21];
        for (int i = 0; i < verifyMs.Length; i++)
        {
            var t = Stopwatch.StartNew();
            StarkVerifier.Verify(air, proof);
            verifyMs[i] = t.Elapsed.TotalMilliseconds;
        }
        Array.Sort(verifyMs);

        double proveSeconds = proveTimer.Elapsed.TotalSeconds;
        Console.WriteLine($"Trace generation:      {traceTimer.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"Prover time:           {proveSeconds:F2} s");
        // Per core = permutations per CPU-second actually consumed by this process. On a shared machine the
        // wall clock also counts time other processes held the cores, so both are reported.
        Console.WriteLine($"Prover CPU time:       {proveCpuSeconds:F2} s (all threads)");
        Console.WriteLine($"Hashes/s (wall):       {permutations / proveSeconds:F0}");
        Console.WriteLine($"Hashes/s per core:     {permutations / proveCpuSeconds:F0} (per CPU-second)");
        Console.WriteLine($"Load average (1 min):  {LoadAverage()}");
        Console.WriteLine($"Allocated by prover:   {allocated / (1024.0 * 1024):F0} MiB");
        Console.WriteLine($"Peak working set:      {peakWorkingSet / (1024.0 * 1024):F0} MiB");
        Console.WriteLine($"Proof size:            {proof.Length} bytes ({proof.Length / 1024.0:F1} KiB)");
        Console.WriteLine($"Verify time (median):  {verifyMs[verifyMs.Length / 2]:F2} ms, fastest {verifyMs[0]:F2} ms");
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
