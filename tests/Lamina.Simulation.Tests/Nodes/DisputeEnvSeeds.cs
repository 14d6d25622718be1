using System.Globalization;
using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// More dispute seeds on demand (a no-op unless LAMINA_SIM_DISPUTE_SEEDS is set): that many seeds from
/// LAMINA_SIM_FIRST_SEED (default 1000), each seed one run whose scenario the seed picks (<see cref="Scenario"/>: the
/// sequencer's fault, 0 to 16 liars, delays on or off, a crash of the honest challenger or not) on clean-4 or faulty-4
/// whole nodes (LAMINA_SIM_CONFIG, comma-separated, default both, alternating). LAMINA_SIM_DISPUTE_PROGRESS=FILE appends
/// one line per run as it ends. A failure names its seed and replays with LAMINA_SIM_DISPUTE_SEEDS=1
/// LAMINA_SIM_FIRST_SEED=seed LAMINA_SIM_CONFIG=config.
/// </summary>
public class DisputeEnvSeeds(ITestOutputHelper output)
{
    /// <summary>The scenario a sweep seed runs: every fault and liar count over the seeds, delays in three of four, a crash in one of two.</summary>
    internal static DisputeScenario Scenario(ulong seed)
    {
        var rng = new SplitMix64(seed ^ 0xD15_9D7E);
        var fault = (SequencerFault)rng.NextInt(3);
        int[] counts = [0, 1, 1, 2, 3, 4, 6, 8, 16];
        var liars = counts[rng.NextInt(counts.Length)];
        if (fault == SequencerFault.None && liars == 0) liars = 1 + rng.NextInt(4); // something must be disputed
        return new DisputeScenario(fault, liars, ChallengerCrash: rng.Chance(0.5), Delays: !rng.Chance(0.25));
    }

    [Fact]
    public void Dispute_seeds_from_environment()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_SIM_DISPUTE_SEEDS") is not { Length: > 0 } count) return;
        var first = ulong.Parse(Environment.GetEnvironmentVariable("LAMINA_SIM_FIRST_SEED") ?? "1000", CultureInfo.InvariantCulture);
        var only = Environment.GetEnvironmentVariable("LAMINA_SIM_CONFIG");
        string[] names = only is { Length: > 0 } ? only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : ["clean-4", "faulty-4"];
        var progress = Environment.GetEnvironmentVariable("LAMINA_SIM_DISPUTE_PROGRESS");
        var n = int.Parse(count, CultureInfo.InvariantCulture);
        var failures = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var seed = first + (ulong)i;
            var name = names[i % names.Length];
            var dispute = Scenario(seed);
            var config = DisputeNodeSweeps.For(SimulationConfigs.ByName(name), dispute);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = WholeNodeSimulator.Run(config, seed, dispute: dispute);
            var games = r.NodeStates.Where(s => s.StartsWith("dispute-game ", StringComparison.Ordinal)).ToList();
            if (progress is not null)
                File.AppendAllText(progress, $"{config.Name} seed {seed} {(r.Passed ? "ok" : "FAILED")} t={r.VirtualTimeMs}ms wall={sw.ElapsedMilliseconds}ms games={games.Count} | {string.Join(" | ", games)}\n");
            if (!r.Passed) failures.Add($"{config.Name} seed {seed}: {r}");
        }
        output.WriteLine($"{n} dispute runs from seed {first}: {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
