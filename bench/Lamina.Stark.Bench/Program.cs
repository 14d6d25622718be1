using System.Diagnostics;
using BenchmarkDotNet.Running;
using Lamina.Stark.Bench;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Polynomials;

// Usage:
//   dotnet run -c Release --project bench/Lamina.Stark.Bench -- prove 65536     end-to-end RPO hash-chain proof
//   dotnet run -c Release --project bench/Lamina.Stark.Bench -- quick           Stopwatch figures for the primitives
//   dotnet run -c Release --project bench/Lamina.Stark.Bench -- lde [from] [to]  CPU ns per point of a 16x coset LDE, 2^from..2^to
//   dotnet run -c Release --project bench/Lamina.Stark.Bench -- sha             SHA-256 GB/s, libcrypto against managed
//   dotnet run -c Release --project bench/Lamina.Stark.Bench -- micro [args]    BenchmarkDotNet suite (MicroBenchmarks)
string mode = args.Length > 0 ? args[0] : "quick";
switch (mode)
{
    case "prove":
        ProveBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1 << 16);
        break;
    case "ntt-parts":
        NttParts();
        break;
    case "lde":
        LdeBySize(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 19);
        break;
    case "ntt":
        TransformBySize(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 12,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 18);
        break;
    case "sha":
        HashThroughput.Run();
        break;
    case "micro":
        BenchmarkRunner.Run<MicroBenchmarks>(args: args[1..]);
        break;
    default:
        Quick();
        break;
}

static void Quick()
{
    var a = new RpoDigest(1u, 2u, 3u, 4u);
    var b = new RpoDigest(5u, 6u, 7u, 8u);
    for (int i = 0; i < 20_000; i++)
    {
        a = Rpo256.Merge(a, b);
    }
    const int merges = 200_000;
    const int batches = 5;
    var process = Process.GetCurrentProcess();
    TimeSpan cpu0 = process.TotalProcessorTime;
    var t = Stopwatch.StartNew();
    double[] batchMicroseconds = new double[batches];
    for (int batch = 0; batch < batches; batch++)
    {
        var batchTimer = Stopwatch.StartNew();
        for (int i = 0; i < merges / batches; i++)
        {
            a = Rpo256.Merge(a, b);
        }
        batchMicroseconds[batch] = batchTimer.Elapsed.TotalMilliseconds * 1000 / (merges / batches);
    }
    process.Refresh();
    Array.Sort(batchMicroseconds);
    // CPU time as well as wall time: on a shared machine the wall clock includes time other processes ran.
    // The best of five batches is the figure least disturbed by other processes.
    Console.WriteLine($"RPO-256 merge:       {t.Elapsed.TotalMilliseconds * 1000 / merges:F2} us wall, " +
        $"{(process.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / merges:F2} us CPU, " +
        $"best batch {batchMicroseconds[0]:F2} us ({a.E0})");

    Felt acc = Felt.FromU64(3);
    Felt m = Felt.FromU64(0x1234_5678_9ABC_DEF1UL);
    const int mults = 100_000_000;
    process.Refresh();
    cpu0 = process.TotalProcessorTime;
    t.Restart();
    for (int i = 0; i < mults; i++)
    {
        acc *= m;
    }
    process.Refresh();
    Console.WriteLine($"Goldilocks multiply: {t.Elapsed.TotalMilliseconds * 1e6 / mults:F2} ns wall, " +
        $"{(process.TotalProcessorTime - cpu0).TotalMilliseconds * 1e6 / mults:F2} ns CPU (dependent chain, {acc})");

    Felt[] data = new Felt[1 << 20];
    for (int i = 0; i < data.Length; i++)
    {
        data[i] = Felt.FromU64((ulong)i * 0x9E3779B97F4A7C15UL);
    }
    Ntt.Forward(data);
    t.Restart();
    const int ntts = 10;
    for (int i = 0; i < ntts; i++)
    {
        Ntt.Forward(data);
    }
    process.Refresh();
    Console.WriteLine($"NTT 2^20:            {t.Elapsed.TotalMilliseconds / ntts:F1} ms wall on {Environment.ProcessorCount} cores, " +
        $"{(process.TotalProcessorTime - cpu0).TotalMilliseconds / ntts:F1} ms CPU");
}

static void NttParts()
{
    Felt[] data = new Felt[1 << 20];
    for (int i = 0; i < data.Length; i++)
    {
        data[i] = Felt.FromU64((ulong)i * 0x9E3779B97F4A7C15UL);
    }
    var process = Process.GetCurrentProcess();
    for (int rep = 0; rep < 3; rep++)
    {
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime;
        for (int i = 0; i < 10; i++)
        {
            Ntt.BitReverse(data, 20);
        }
        process.Refresh();
        TimeSpan cpu1 = process.TotalProcessorTime;
        for (int i = 0; i < 10; i++)
        {
            Ntt.Forward(data);
        }
        process.Refresh();
        Console.WriteLine($"bit reverse 2^20: {(cpu1 - cpu0).TotalMilliseconds / 10:F1} ms CPU; full NTT: {(process.TotalProcessorTime - cpu1).TotalMilliseconds / 10:F1} ms CPU");
    }
}

// The trace LDE's cost per output point as the column grows (the prover extends ~110 columns of 512 rows per transfer):
// a flat figure means the transform scales as N log N; a jump means a size fell out of a cache level.
// One forward transform at a time, timed alone: the fastest of many repetitions is the figure least moved by other
// processes on a shared machine (a load spike only ever makes a repetition slower).
static void TransformBySize(int fromLog, int toLog)
{
    for (int log = fromLog; log <= toLog; log++)
    {
        Felt[] input = new Felt[1 << log];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = Felt.FromU64((ulong)i * 0x9E3779B97F4A7C15UL);
        }
        Felt[] work = new Felt[input.Length];
        int reps = Math.Max(8, (1 << 24) >> log);
        double best = double.MaxValue;
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            input.CopyTo(work, 0);
            long start = Stopwatch.GetTimestamp();
            Ntt.Forward(work);
            times[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / ((double)input.Length * log);
            best = Math.Min(best, times[r]);
        }
        Array.Sort(times);
        Console.WriteLine($"NTT 2^{log}: {best:F3} ns fastest, {times[reps / 2]:F3} ns median per point and stage ({reps} reps, wall)");
    }
}

static void LdeBySize(int fromLog, int toLog)
{
    var process = Process.GetCurrentProcess();
    Felt offset = Felt.FromU64(7);
    for (int log = fromLog; log <= toLog; log++)
    {
        Felt[] coefficients = new Felt[1 << log];
        for (int i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = Felt.FromU64((ulong)i * 0x9E3779B97F4A7C15UL);
        }
        int reps = Math.Max(1, (1 << 22) >> log);
        Ntt.EvaluateOnCoset(coefficients, 16 << log, offset);
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int r = 0; r < reps; r++)
        {
            Ntt.EvaluateOnCoset(coefficients, 16 << log, offset);
        }
        process.Refresh();
        double points = (double)reps * (16 << log);
        Console.WriteLine($"LDE 2^{log} -> 2^{log + 4}: {(process.TotalProcessorTime - cpu0).TotalMilliseconds * 1e6 / points:F2} ns CPU, " +
            $"{wall.Elapsed.TotalMilliseconds * 1e6 / points:F2} ns wall per output point ({reps} reps)");
    }
}
