using System.Diagnostics;
using Xunit.Abstractions;

namespace Lamina.Simulation.Tests;

/// <summary>Runs consecutive seeds of a configuration and fails with every failing seed's report.</summary>
internal static class SeedSweep
{
    public static void Run(ITestOutputHelper output, SimulationConfig config, ulong firstSeed, int count)
        => Run(output, config, firstSeed, count, Simulator.Run, "");

    /// <summary>Runs the seeds through <paramref name="simulate"/> (the message-level or the whole-node simulation).</summary>
    public static void Run(ITestOutputHelper output, SimulationConfig config, ulong firstSeed, int count, Func<SimulationConfig, ulong, SimulationResult> simulate, string label)
    {
        var sw = Stopwatch.StartNew();
        var failures = new List<string>();
        long heights = 0, events = 0, equivocations = 0, slashed = 0;
        var maxRound = 0;
        for (var i = 0; i < count; i++)
        {
            var seed = firstSeed + (ulong)i;
            var r = simulate(config, seed);
            heights += r.MinHonestHeight;
            events += r.Events;
            equivocations += r.Equivocations;
            slashed += r.Slashed;
            maxRound = Math.Max(maxRound, r.MaxRound);
            if (!r.Passed) failures.Add(r.ToString());
        }
        output.WriteLine($"{config.Name}{label}: {count} seeds from {firstSeed}, {heights} heights, {events} events, max round {maxRound}, " +
                         $"{equivocations} equivocations ({slashed} slashed), {sw.ElapsedMilliseconds} ms wall");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} seeds failed:\n" + string.Join("\n", failures));
    }
}

public class Sweep4(ITestOutputHelper output)
{
    [Fact] public void Clean() => SeedSweep.Run(output, SimulationConfigs.Clean(4), 1, 20);
    [Fact] public void Faulty() => SeedSweep.Run(output, SimulationConfigs.Faulty(4), 1, 30);
    [Fact] public void Byzantine() => SeedSweep.Run(output, SimulationConfigs.Byzantine(4), 1, 30);
    [Fact] public void Equivocators() => SeedSweep.Run(output, SimulationConfigs.Equivocators(4), 1, 15);
}

public class Sweep7(ITestOutputHelper output)
{
    [Fact] public void Faulty() => SeedSweep.Run(output, SimulationConfigs.Faulty(7), 1, 25);
    [Fact] public void Byzantine() => SeedSweep.Run(output, SimulationConfigs.Byzantine(7), 1, 25);
    [Fact] public void Equivocators() => SeedSweep.Run(output, SimulationConfigs.Equivocators(7), 1, 10);
}

public class Sweep10(ITestOutputHelper output)
{
    [Fact] public void Faulty() => SeedSweep.Run(output, SimulationConfigs.Faulty(10), 1, 20);
    [Fact] public void Byzantine() => SeedSweep.Run(output, SimulationConfigs.Byzantine(10), 1, 20);
    [Fact] public void Equivocators() => SeedSweep.Run(output, SimulationConfigs.Equivocators(10), 1, 10);
}

public class SweepLarge(ITestOutputHelper output)
{
    [Fact] public void Byzantine31() => SeedSweep.Run(output, SimulationConfigs.Byzantine(31), 1, 3);
    [Fact] public void Large31() => SeedSweep.Run(output, SimulationConfigs.Large(31), 1, 2);

    [Fact]
    public void Large100()
    {
        var sw = Stopwatch.StartNew();
        var r = Simulator.Run(SimulationConfigs.Large(100), 1);
        var wall = sw.Elapsed.TotalSeconds;
        var lat = r.CommitLatenciesMs.Order().ToArray();
        output.WriteLine(r.ToString());
        if (lat.Length > 0)
        {
            output.WriteLine($"commit latency after GST: p50={lat[lat.Length / 2]} ms p99={lat[(int)(lat.Length * 0.99)]} ms over {lat.Length} node-heights; " +
                             $"wall {wall:F2} s, {r.Events / wall:F0} events/s, {r.MinHonestHeight / wall:F2} heights/s");
        }
        Assert.True(r.Passed, r.ToString());
    }
}

/// <summary>
/// CI's rolling batch: the same configurations at seeds derived from the commit (<see cref="CommitSeeds"/>), so each
/// commit tries seeds no earlier run did. The output names the seeds; a failure replays with LAMINA_SIM_SEED.
/// </summary>
public class RollingSweep(ITestOutputHelper output)
{
    private void Run(SimulationConfig config, int count)
    {
        var (first, source) = CommitSeeds.FirstSeed;
        output.WriteLine($"rolling batch: seeds {first}..{first + (ulong)count - 1} of {config.Name}, first seed from {source}");
        SeedSweep.Run(output, config, first, count);
    }

    [Fact] public void Faulty4() => Run(SimulationConfigs.Faulty(4), 15);
    [Fact] public void Byzantine4() => Run(SimulationConfigs.Byzantine(4), 20);
    [Fact] public void Equivocators4() => Run(SimulationConfigs.Equivocators(4), 10);
    [Fact] public void Byzantine7() => Run(SimulationConfigs.Byzantine(7), 10);
}

public class DeterminismTests
{
    [Theory]
    [InlineData("byzantine-7", 11ul)]
    [InlineData("faulty-10", 12ul)]
    public void Same_seed_gives_the_same_trace(string config, ulong seed)
    {
        var a = Simulator.Run(SimulationConfigs.ByName(config), seed);
        var b = Simulator.Run(SimulationConfigs.ByName(config), seed);
        Assert.Equal(a.TraceHash, b.TraceHash);
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(a.VirtualTimeMs, b.VirtualTimeMs);
        Assert.Equal(a.CommitLatenciesMs, b.CommitLatenciesMs);
        Assert.NotEqual(a.TraceHash, Simulator.Run(SimulationConfigs.ByName(config), seed + 1).TraceHash);
    }
}

/// <summary>
/// More seeds on demand: LAMINA_SIM_SEEDS=5000 runs that many seeds of every configuration,
/// LAMINA_SIM_SEED=123 (optionally LAMINA_SIM_CONFIG=byzantine-7, or a comma-separated list) reruns one seed;
/// LAMINA_SIM_NODES=1 runs them as whole nodes (<see cref="Nodes.WholeNodeSimulator"/>).
/// scripts/sim-sweep.sh runs a large sweep over every configuration in chunks.
/// </summary>
public class EnvSeeds(ITestOutputHelper output)
{
    [Fact]
    public void Seeds_from_environment()
    {
        var single = Environment.GetEnvironmentVariable("LAMINA_SIM_SEED");
        var count = Environment.GetEnvironmentVariable("LAMINA_SIM_SEEDS");
        var only = Environment.GetEnvironmentVariable("LAMINA_SIM_CONFIG");
        var whole = Environment.GetEnvironmentVariable("LAMINA_SIM_NODES") == "1";
        Func<SimulationConfig, ulong, SimulationResult> simulate = whole ? (c, s) => Nodes.WholeNodeSimulator.Run(Nodes.NodeSweeps.Whole(c), s) : Simulator.Run;
        var label = whole ? " (whole nodes)" : "";
        string[] names = only is { Length: > 0 } ? only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : ["faulty-4", "byzantine-4", "equivocators-4", "faulty-7", "byzantine-7", "byzantine-10"];
        if (single is { Length: > 0 })
        {
            foreach (var name in names) SeedSweep.Run(output, SimulationConfigs.ByName(name), ulong.Parse(single, System.Globalization.CultureInfo.InvariantCulture), 1, simulate, label);
        }
        else if (count is { Length: > 0 })
        {
            var first = ulong.Parse(Environment.GetEnvironmentVariable("LAMINA_SIM_FIRST_SEED") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var name in names) SeedSweep.Run(output, SimulationConfigs.ByName(name), first, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), simulate, label);
        }
    }
}
