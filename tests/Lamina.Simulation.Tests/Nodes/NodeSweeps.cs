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
        => SeedSweep.Run(output, config, first, count, WholeNodeSimulator.Run, " (whole nodes)");

    /// <summary>
    /// Whole nodes run Byzantine validators that stay silent or equivocate; proposing invalid blocks needs a forging
    /// proposer, which the message-level simulation (<see cref="Simulator"/>) covers.
    /// </summary>
    internal static SimulationConfig Whole(SimulationConfig config)
    {
        ByzantineBehavior[] behaviors = [.. config.Behaviors.Where(b => b != ByzantineBehavior.InvalidProposals)];
        return config with { Behaviors = behaviors.Length > 0 ? behaviors : [ByzantineBehavior.Silent] };
    }

    [Fact] public void Clean4() => Sweep(Whole(SimulationConfigs.Clean(4)), 1, 10);
    [Fact] public void Faulty4() => Sweep(Whole(SimulationConfigs.Faulty(4)), 1, 50);
    [Fact] public void Byzantine4() => Sweep(Whole(SimulationConfigs.Byzantine(4)), 1, 60);
    [Fact] public void Equivocators4() => Sweep(Whole(SimulationConfigs.Equivocators(4)), 1, 40);
    [Fact] public void Faulty7() => Sweep(Whole(SimulationConfigs.Faulty(7)), 1, 10);
    [Fact] public void Byzantine7() => Sweep(Whole(SimulationConfigs.Byzantine(7)), 1, 10);
    [Fact] public void Byzantine10() => Sweep(Whole(SimulationConfigs.Byzantine(10)), 1, 3);

    /// <summary>The issue-8 seeds, run as whole nodes as well.</summary>
    [Theory]
    [InlineData(138ul)]
    [InlineData(3091ul)]
    [InlineData(777105ul)]
    public void Byzantine4_restart_seed(ulong seed) => Sweep(Whole(SimulationConfigs.Byzantine(4)), seed, 1);

    /// <summary>The rolling batch: seeds derived from the commit, as in <see cref="RollingSweep"/>.</summary>
    [Fact]
    public void Rolling_byzantine4()
    {
        var (first, source) = CommitSeeds.FirstSeed;
        output.WriteLine($"rolling batch (whole nodes): seeds {first}..{first + 19} of byzantine-4, first seed from {source}");
        Sweep(Whole(SimulationConfigs.Byzantine(4)), first, 20);
    }
}

public class WholeNodeDeterminismTests
{
    [Fact]
    public void Same_seed_gives_the_same_trace_and_a_failing_seed_replays_exactly()
    {
        var config = NodeSweeps.Whole(SimulationConfigs.Byzantine(4));
        var a = WholeNodeSimulator.Run(config, 21);
        var b = WholeNodeSimulator.Run(config, 21);
        Assert.Equal((a.TraceHash, a.Events, a.VirtualTimeMs), (b.TraceHash, b.Events, b.VirtualTimeMs));
        Assert.NotEqual(a.TraceHash, WholeNodeSimulator.Run(config, 22).TraceHash);
    }
}
