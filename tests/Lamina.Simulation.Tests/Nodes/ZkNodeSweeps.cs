using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The ZK operator in the whole-node simulation (<see cref="ZkScenario"/>): the operator crashing and restarting from
/// its journal while it proves and sends, and an operator that withholds its batches' pubdata from DA, with the
/// freeze and exodus that follow. Every batch is a real STARK that L1 verifies at 100 conjectured bits; each distinct
/// batch is proven once per test process (<see cref="ZkProofMemo"/>), so the first run pays about five proofs and
/// later seeds only verify. Seed counts are small for CI; LAMINA_ZK_SEEDS (and LAMINA_ZK_FIRST_SEED) runs more.
/// </summary>
public class ZkNodeSweeps(ITestOutputHelper output)
{
    private void Sweep(SimulationConfig config, ZkScenario zk, ulong first, int count)
        => SeedSweep.Run(output, config with { Name = $"{config.Name}-{zk}" }, first, count, (c, seed) => WholeNodeSimulator.Run(c, seed, zk: zk), " (whole nodes, ZK operator)");

    [Fact] public void Operator_crashes_clean4() => Sweep(SimulationConfigs.Clean(4), ZkScenario.Crashes(2), 1, 4);
    [Fact] public void Withheld_pubdata_then_exodus_clean4() => Sweep(SimulationConfigs.Clean(4), ZkScenario.Withholding(crashes: 1), 1, 2);

    [Fact]
    public void A_run_ends_with_the_script_done_and_replays_exactly()
    {
        var config = SimulationConfigs.Clean(4);
        var zk = ZkScenario.Crashes(2);
        var a = WholeNodeSimulator.Run(config, 7, zk: zk);
        Assert.True(a.Passed, a.ToString());
        var line = a.NodeStates.Single(s => s.StartsWith("zk: ", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Matches(@"^zk: 2 operator crashes, (?:[5-9]|[1-9]\d+) proofs \(\d+ lost in a crash\), (?:[5-9]|[1-9]\d+) batch sends \(0 withheld, 0 refused without pubdata\), (?:[5-9]|[1-9]\d+) batch transactions signed, 5 batch numbers, .*all five operations verified on L1", line);
        var b = WholeNodeSimulator.Run(config, 7, zk: zk);
        Assert.Equal((a.TraceHash, a.Events, a.VirtualTimeMs), (b.TraceHash, b.Events, b.VirtualTimeMs));
        Assert.NotEqual(a.TraceHash, WholeNodeSimulator.Run(config, 8, zk: zk).TraceHash);
    }

    [Fact]
    public void Withheld_pubdata_is_never_accepted_and_users_leave_by_exodus_with_exact_balances()
    {
        var r = WholeNodeSimulator.Run(SimulationConfigs.Clean(4), 3, zk: ZkScenario.Withholding());
        Assert.True(r.Passed, r.ToString());
        var line = r.NodeStates.Single(s => s.StartsWith("zk: ", StringComparison.Ordinal));
        output.WriteLine(line);
        // Batches 0 and 1 (the deposits) landed; batch 2 on went only to the withholder, again and again, and never landed;
        // relayed to an honest node without its blob, each was refused there with PubdataUnavailable.
        Assert.Matches(@", [1-9]\d* batch sends \([1-9]\d* withheld, [1-9]\d* refused without pubdata[^)]*\), [1-9]\d* batch transactions signed, [3-5] batch numbers, .*script step 5: froze at \d+; A and B left by exodus with their exact proven balances, C's deposit refunded, a second claim refused$", line);
        Assert.Matches(@"[1-9]\d* proposals refused for missing sidecars", r.NodeStates.Single(s => s.StartsWith("da: ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// LAMINA_ZK_SEEDS=500 LAMINA_ZK_FIRST_SEED=N runs that many seeds of both scenarios, alternating (a sweep, not CI);
    /// LAMINA_ZK_PROGRESS=FILE appends one line per run as it ends, so a sweep cut short still reports what it ran.
    /// </summary>
    [Fact]
    public void Seeds_from_environment()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_ZK_SEEDS") is not { Length: > 0 } count) return;
        var first = ulong.Parse(Environment.GetEnvironmentVariable("LAMINA_ZK_FIRST_SEED") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        var n = int.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
        var progress = Environment.GetEnvironmentVariable("LAMINA_ZK_PROGRESS");
        var failures = new List<string>();
        var config = SimulationConfigs.Clean(4);
        for (var i = 0; i < n; i++)
        {
            foreach (var zk in new[] { ZkScenario.Crashes(2), ZkScenario.Withholding(crashes: 1) })
            {
                var seed = first + (ulong)i;
                var r = WholeNodeSimulator.Run(config with { Name = $"{config.Name}-{zk}" }, seed, zk: zk);
                var zkLine = r.NodeStates.FirstOrDefault(s => s.StartsWith("zk: ", StringComparison.Ordinal)) ?? "";
                if (progress is not null) File.AppendAllText(progress, $"{zk} seed {seed} {(r.Passed ? "ok" : "FAILED")} height={r.MinHonestHeight} t={r.VirtualTimeMs}ms trace={r.TraceHash:x16} | {zkLine}\n");
                if (!r.Passed) failures.Add(r.ToString());
            }
        }
        output.WriteLine($"{2 * n} runs from seed {first}: {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
