namespace Lamina.Storage.Bench;

/// <summary>One measured scenario. MB are 10^6 bytes of key+value payload (RocksDB's own overhead excluded).</summary>
internal sealed record BenchResult(string Scenario, long Operations, TimeSpan Elapsed, long PayloadBytes)
{
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    public double MegabytesPerSecond => PayloadBytes / Elapsed.TotalSeconds / 1e6;

    public double MicrosecondsPerOp => Elapsed.TotalMilliseconds * 1000 / Operations;
}
