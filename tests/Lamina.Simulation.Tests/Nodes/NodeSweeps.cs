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

    /// <summary>Whole nodes run every Byzantine behaviour of the message-level simulation (the configuration as it is).</summary>
    internal static SimulationConfig Whole(SimulationConfig config) => config;

    [Fact] public void Clean4() => Sweep(Whole(SimulationConfigs.Clean(4)), 1, 10);
    [Fact] public void Faulty4() => Sweep(Whole(SimulationConfigs.Faulty(4)), 1, 50);
    [Fact] public void Byzantine4() => Sweep(Whole(SimulationConfigs.Byzantine(4)), 1, 60);
    [Fact] public void Equivocators4() => Sweep(Whole(SimulationConfigs.Equivocators(4)), 1, 40);
    [Fact] public void Faulty7() => Sweep(Whole(SimulationConfigs.Faulty(7)), 1, 10);
    [Fact] public void Byzantine7() => Sweep(Whole(SimulationConfigs.Byzantine(7)), 1, 10);
    [Fact] public void Byzantine10() => Sweep(Whole(SimulationConfigs.Byzantine(10)), 1, 3);
    [Fact] public void Large31() => Sweep(Whole(SimulationConfigs.Large(31)), 1, 1);

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

    [Fact]
    public void Invalid_proposals_are_forged_and_never_committed()
    {
        // Two of seven validators forge every proposal they make; honest nodes still decide only valid blocks.
        var config = SimulationConfigs.Clean(7) with { Name = "forgers-7", Byzantine = 2, Behaviors = [ByzantineBehavior.InvalidProposals] };
        var r = WholeNodeSimulator.Run(config, 5);
        Assert.True(r.Passed, r.ToString());
        var forged = int.Parse(r.NodeStates[0].Split(", ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(forged > 0, r.NodeStates[0]);
    }
}
