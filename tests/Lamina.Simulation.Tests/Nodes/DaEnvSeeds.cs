using System.Globalization;
using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// More DA seeds on demand (a no-op unless LAMINA_SIM_DA_SEEDS is set): that many seeds from LAMINA_SIM_FIRST_SEED
/// (default 1000) of every DA scenario — honest blobs, a withholding proposer (all, or all but one sidecar), a proposer
/// whose data root its blobs do not make, each with and without a DA-node crash — on clean-4 and faulty-4 whole nodes
/// with DA and light nodes; LAMINA_SIM_CONFIG (comma-separated) picks the configurations and LAMINA_SIM_DA
/// (comma-separated scenario names, e.g. da-WithholdPart-dacrash) the scenarios. Every scenario runs even when an
/// earlier one fails; a failure names its seed and scenario and replays with LAMINA_SIM_DA_SEEDS=1
/// LAMINA_SIM_FIRST_SEED=seed LAMINA_SIM_CONFIG=config LAMINA_SIM_DA=scenario.
/// </summary>
public class DaEnvSeeds(ITestOutputHelper output)
{
    [Fact]
    public void Da_seeds_from_environment()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_SIM_DA_SEEDS") is not { Length: > 0 } count) return;
        var first = ulong.Parse(Environment.GetEnvironmentVariable("LAMINA_SIM_FIRST_SEED") ?? "1000", CultureInfo.InvariantCulture);
        var only = Environment.GetEnvironmentVariable("LAMINA_SIM_CONFIG");
        string[] names = only is { Length: > 0 } ? only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : ["clean-4", "faulty-4"];
        var scenarios = Environment.GetEnvironmentVariable("LAMINA_SIM_DA") is { Length: > 0 } picked ? picked.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        DaFault?[] faults = [null, DaFault.WithholdAll, DaFault.WithholdPart, DaFault.BadDataRoot];
        var failures = new List<string>();
        foreach (var name in names)
        {
            foreach (var fault in faults)
            {
                foreach (var crash in new[] { false, true })
                {
                    var da = new DaScenario(fault, crash);
                    if (scenarios is not null && !scenarios.Contains(da.ToString())) continue;
                    var config = SimulationConfigs.ByName(name);
                    if (crash) config = config with { TargetHeight = 40 };
                    try
                    {
                        SeedSweep.Run(output, config with { Name = $"{config.Name}-{da}" }, first, int.Parse(count, CultureInfo.InvariantCulture),
                            (c, seed) => WholeNodeSimulator.Run(c, seed, da), " (whole nodes, blobs)");
                    }
                    catch (Exception e) when (e is Xunit.Sdk.XunitException)
                    {
                        failures.Add($"{name} {da}: {e.Message}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
