using System.Diagnostics;

namespace Lamina.DataAvailability.Bench;

internal static class Measure
{
    /// <summary>Runs <paramref name="action"/> repeatedly for about <paramref name="seconds"/>; returns seconds per call.</summary>
    public static double SecondsPerCall(Action action, double seconds)
    {
        action();
        var stopwatch = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            action();
            calls++;
        }
        while (stopwatch.Elapsed.TotalSeconds < seconds);
        return stopwatch.Elapsed.TotalSeconds / calls;
    }

    /// <summary>Best (smallest) of several rounds: on a shared, loaded machine the least-disturbed round is the figure.</summary>
    public static double Best(int rounds, Func<double> round)
    {
        var best = double.MaxValue;
        for (var i = 0; i < rounds; i++) best = Math.Min(best, round());
        return best;
    }
}
