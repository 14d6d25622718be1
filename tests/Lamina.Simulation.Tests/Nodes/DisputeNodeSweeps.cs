using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The optimistic rollup's dispute game in the whole-node simulation (<see cref="DisputeScenario"/>): pinned CI seeds of
/// each sequencer fault against one honest challenger and lying parties playing all-vs-all, with message delays and a
/// crash of the honest challenger mid-game. A failure names its seed and scenario and replays with
/// LAMINA_SIM_DISPUTE_SEEDS=1 LAMINA_SIM_FIRST_SEED=seed (<see cref="DisputeEnvSeeds"/>).
/// </summary>
public class DisputeNodeSweeps(ITestOutputHelper output)
{
    /// <summary>A dispute run's network: the config's, with room for games whose clocks run tens of virtual seconds.</summary>
    internal static SimulationConfig For(SimulationConfig config, DisputeScenario dispute) => config with { Name = $"{config.Name}-{dispute}", LivenessBoundMs = 400_000 };

    private void Sweep(SimulationConfig config, DisputeScenario dispute, ulong first, int count)
        => SeedSweep.Run(output, For(config, dispute), first, count, (c, seed) => WholeNodeSimulator.Run(c, seed, dispute: dispute), " (whole nodes, dispute game)");

    [Fact] public void Wrong_root_against_the_honest_challenger() => Sweep(SimulationConfigs.Clean(4), new DisputeScenario(SequencerFault.WrongRoot, 0), 1, 1);
}

public class DisputeDebug(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_DISPUTE_DEBUG") is not { Length: > 0 } spec) return;
        var parts = spec.Split(':');
        var dispute = new DisputeScenario(Enum.Parse<SequencerFault>(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2] == "1");
        for (ulong seed = 1; seed <= ulong.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture); seed++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = WholeNodeSimulator.Run(DisputeNodeSweeps.For(SimulationConfigs.ByName(parts[4]), dispute), seed, dispute: dispute);
            output.WriteLine($"seed {seed} wall {sw.ElapsedMilliseconds} ms: {r}");
            foreach (var s in r.NodeStates) output.WriteLine(s);
        }
    }
}
