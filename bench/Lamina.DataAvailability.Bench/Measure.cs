using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lamina.DataAvailability.Bench;

/// <summary>
/// Timing on a shared, loaded machine. One-core figures use the thread's own CPU clock (CLOCK_THREAD_CPUTIME_ID):
/// time the scheduler gives to other processes is not counted, so the figure is the speed of the code on one core
/// (caches and memory bandwidth are still shared). The ISA-L harness times itself the same way.
/// </summary>
internal static partial class Measure
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double ThreadCpuSeconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var time) != 0) throw new InvalidOperationException("clock_gettime failed");
        return time.Seconds + (time.Nanoseconds * 1e-9);
    }

    /// <summary>Runs <paramref name="action"/> for about <paramref name="seconds"/> of thread CPU time; returns CPU seconds per call.</summary>
    public static double CpuSecondsPerCall(Action action, double seconds)
    {
        action();
        var start = ThreadCpuSeconds();
        var calls = 0;
        double elapsed;
        do
        {
            action();
            calls++;
            elapsed = ThreadCpuSeconds() - start;
        }
        while (elapsed < seconds);
        return elapsed / calls;
    }

    /// <summary>Best (smallest) of several rounds: the least-disturbed round is the figure.</summary>
    public static double Best(int rounds, Func<double> round)
    {
        var best = double.MaxValue;
        for (var i = 0; i < rounds; i++) best = Math.Min(best, round());
        return best;
    }

    /// <summary>Wall-clock seconds and the process's CPU seconds (all threads) for one call.</summary>
    public static (double Wall, double Cpu) WallAndCpu(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        action();
        var wall = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }
}
