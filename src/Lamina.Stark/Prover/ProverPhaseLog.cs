using System.Diagnostics;

namespace Lamina.Stark.Prover;

/// <summary>
/// Optional observer of prover phase durations, for benchmarks. Timing never influences the proof; it only
/// reports how long each phase took.
/// </summary>
public static class ProverPhaseLog
{
    /// <summary>Set to receive (phase name, elapsed) after each prover phase; null (the default) disables timing.</summary>
    public static Action<string, TimeSpan>? Observer { get; set; }

    internal static long Start() => Observer is null ? 0 : Stopwatch.GetTimestamp();

    internal static void End(string phase, long start)
    {
        Observer?.Invoke(phase, Stopwatch.GetElapsedTime(start));
    }
}
