using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>Entry point of the whole-node simulation: one deterministic run per (config, seed).</summary>
public static class WholeNodeSimulator
{
    public static SimulationResult Run(SimulationConfig config, ulong seed, DaScenario? da = null, ZkScenario? zk = null, DisputeScenario? dispute = null)
    {
        // Awaits inside the jobs must continue inline, on this thread, in queue order: no context to post them to.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return new NodeSimulation(config, seed, da, zk, dispute).Execute();
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
        => SeedSweep.Run(output, config, first, count, (c, seed) => WholeNodeSimulator.Run(c, seed), " (whole nodes)");

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

/// <summary>
/// Data availability in the whole-node simulation: clients post blobs, and the last validator withholds its own blob's
/// sidecars (all, or all but one) or proposes data roots its blobs do not make, with and without crashes, drops and
/// partitions before GST. The invariants are <see cref="NodeSimulation"/>'s own plus the availability ones; seed counts
/// are small for CI's budget.
/// </summary>
public class DaNodeSweeps(ITestOutputHelper output)
{
    private void Sweep(SimulationConfig config, DaScenario da, ulong first, int count)
        => SeedSweep.Run(output, config with { Name = $"{config.Name}-{da}" }, first, count, (c, seed) => WholeNodeSimulator.Run(c, seed, da), " (whole nodes, blobs)");

    [Fact] public void Honest_blobs_clean4() => Sweep(SimulationConfigs.Clean(4), new DaScenario(null), 1, 3);
    [Fact] public void Withholding_proposer_clean4() => Sweep(SimulationConfigs.Clean(4), new DaScenario(DaFault.WithholdAll), 1, 4);
    [Fact] public void Partly_withholding_proposer_clean4() => Sweep(SimulationConfigs.Clean(4), new DaScenario(DaFault.WithholdPart), 1, 3);
    [Fact] public void Bad_data_root_proposer_clean4() => Sweep(SimulationConfigs.Clean(4), new DaScenario(DaFault.BadDataRoot), 1, 3);
    [Fact] public void Withholding_proposer_faulty4() => Sweep(SimulationConfigs.Faulty(4), new DaScenario(DaFault.WithholdAll), 1, 4);
    // A DA node is down 2–4 s after GST: the runs go on for 40 heights so light nodes sample while it is down and after.
    [Fact] public void Da_node_crash_clean4() => Sweep(SimulationConfigs.Clean(4) with { TargetHeight = 40 }, new DaScenario(null, CrashDaNode: true), 1, 3);
    [Fact] public void Da_node_crash_with_withholding_faulty4() => Sweep(SimulationConfigs.Faulty(4) with { TargetHeight = 40 }, new DaScenario(DaFault.WithholdPart, CrashDaNode: true), 1, 3);

    [Fact]
    public void Light_nodes_report_honest_blocks_available_and_withheld_proposals_unavailable()
    {
        var config = SimulationConfigs.Clean(4) with { TargetHeight = 40 };
        var r = WholeNodeSimulator.Run(config, 3, new DaScenario(DaFault.WithholdAll, CrashDaNode: true));
        Assert.True(r.Passed, r.ToString());
        var light = r.NodeStates[^1];
        output.WriteLine(light);
        // Non-vacuous: honest DA nodes checked sampled squares row by row, and none was reported badly encoded.
        Assert.Matches(@"^light: [1-9]\d* reports available, \d+ unavailable \([1-9]\d* of them uncommitted proposals\); DA node 0 crashed and restarted; encoding: [1-9]\d* squares checked row by row by honest DA nodes$", light);
        var again = WholeNodeSimulator.Run(config, 3, new DaScenario(DaFault.WithholdAll, CrashDaNode: true));
        Assert.Equal((r.TraceHash, r.Events), (again.TraceHash, again.Events));
    }

    [Theory]
    [InlineData(DaFault.WithholdAll, "proposals refused for missing sidecars")]
    [InlineData(DaFault.WithholdPart, "proposals refused for missing sidecars")]
    [InlineData(DaFault.BadDataRoot, "refused for a bad data root")]
    public void The_faulty_proposer_is_refused_while_honest_blobs_are_prevoted_and_committed(DaFault fault, string refusal)
    {
        var r = WholeNodeSimulator.Run(SimulationConfigs.Clean(4), 3, new DaScenario(fault));
        Assert.True(r.Passed, r.ToString());
        var da = r.NodeStates.Single(line => line.StartsWith("da: ", StringComparison.Ordinal));
        output.WriteLine(da);
        Assert.Matches(@"^da: [1-9]\d* honest prevotes for blocks with blobs", da);
        Assert.Matches($@"[1-9]\d* {refusal}", da);
    }
}
