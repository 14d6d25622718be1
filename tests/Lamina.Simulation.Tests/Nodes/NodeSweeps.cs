using System.Diagnostics;
using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>Entry point of the whole-node simulation: one deterministic run per (config, seed).</summary>
public static class WholeNodeSimulator
{
    public static SimulationResult Run(SimulationConfig config, ulong seed)
    {
        // Awaits inside the jobs must continue inline, on this thread, in queue order: no context to post them to.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return new NodeSimulation(config, seed).Execute();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}

public class NodeSweeps(ITestOutputHelper output)
{
    private void Sweep(SimulationConfig config, ulong first, int count)
    {
        var sw = Stopwatch.StartNew();
        var failures = new List<string>();
        long heights = 0, events = 0;
        for (var i = 0; i < count; i++)
        {
            var r = WholeNodeSimulator.Run(config, first + (ulong)i);
            heights += r.MinHonestHeight;
            events += r.Events;
            if (!r.Passed) failures.Add(r.ToString());
        }
        output.WriteLine($"{config.Name} (whole nodes): {count} seeds from {first}, {heights} heights, {events} events, {sw.ElapsedMilliseconds} ms wall");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} seeds failed:\n" + string.Join("\n", failures));
    }

    [Fact] public void Faulty4() => Sweep(SimulationConfigs.Faulty(4), 1, 10);
}
