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

    /// <summary>Reports that whatever ran before the prover was called (trace building) ended now, as a phase of zero own length.</summary>
    internal static void Mark(string phase) => Observer?.Invoke(phase, TimeSpan.Zero);

    internal static void End(string phase, long start)
    {
        Observer?.Invoke(phase, Stopwatch.GetElapsedTime(start));
    }
}
