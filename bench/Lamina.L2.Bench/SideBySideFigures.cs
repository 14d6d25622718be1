using System.Diagnostics;
using System.Globalization;

/// <summary>One layer's column of the devnet side-by-side table: every figure measured from RPC answers and receipts.</summary>
internal sealed record SideBySideFigures(
    string Layer,
    int Transfers,
    double CarriedPerSecond,
    string CarriedNote,
    double L1BlockBytesPerTransfer,
    double DaBytesPerTransfer,
    double L1GasPerTransfer,
    string UserFee,
    Latencies Soft,
    string SoftNote,
    Latencies Safe,
    Latencies Final,
    string FinalNote,
    string Withdrawal,
    string Extra);

/// <summary>Latency samples in ms; p50 and max shown.</summary>
internal sealed record Latencies(List<double> Ms)
{
    public static Latencies Of(IEnumerable<double> ms) => new([.. ms.Order()]);

    public double P50 => Ms.Count == 0 ? double.NaN : Ms[Ms.Count / 2];
    public double Max => Ms.Count == 0 ? double.NaN : Ms[^1];

    public override string ToString() => Ms.Count == 0 ? "—" : $"p50 {Format(P50)}, max {Format(Max)}";

    public static string Format(double ms) => ms >= 10_000 ? (ms / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s" : ms.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}

/// <summary>The bench's clock: wall time since the run began, in ms, and when each polled condition was first seen.</summary>
internal static class BenchClock
{
    private static readonly Stopwatch Watch = Stopwatch.StartNew();

    public static double NowMs => Watch.Elapsed.TotalMilliseconds;

    /// <summary>Polls <paramref name="probe"/> every <paramref name="everyMs"/> until it holds; the time it was first seen.</summary>
    public static async Task<double> UntilAsync(Func<Task<bool>> probe, string what, TimeSpan patience, int everyMs = 40)
    {
        var deadline = NowMs + patience.TotalMilliseconds;
        while (true)
        {
            if (await probe()) return NowMs;
            if (NowMs > deadline) throw new TimeoutException($"gave up after {patience.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(everyMs);
        }
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";
}
