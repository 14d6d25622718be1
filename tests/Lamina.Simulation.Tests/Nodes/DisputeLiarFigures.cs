using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The figures of issue 14's "bound on resolution time with N liars" (README, dispute section): for N = 1, 4 and 16
/// lying parties against one honest challenger (an honest sequencer, so the liars dispute its correct roots; the first
/// liar a lying challenger, the rest a seeded mix of lying challengers, freeloaders and garbage players), whole-node
/// runs on clean-4 with message delays, printing per N the games' claims, L1 transactions and bonds per side, and the
/// virtual time from a game's creation until no claim can be countered and until L1 resolved it, next to the stated
/// bound. A no-op unless LAMINA_SIM_DISPUTE_FIGURES is set (seeds per N, e.g. 3; LAMINA_SIM_FIRST_SEED, default 1).
/// </summary>
public partial class DisputeLiarFigures(ITestOutputHelper output)
{
    [GeneratedRegex(@"(\w+)=([\w.]+)")]
    private static partial Regex Field();

    [Fact]
    public void Resolution_time_with_N_liars()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_SIM_DISPUTE_FIGURES") is not { Length: > 0 } count) return;
        var seeds = int.Parse(count, CultureInfo.InvariantCulture);
        var first = ulong.Parse(Environment.GetEnvironmentVariable("LAMINA_SIM_FIRST_SEED") ?? "1", CultureInfo.InvariantCulture);
        var failures = new List<string>();
        output.WriteLine("| liars | runs / games | claims per game (median, max) | honest L1 txs per game | liars' L1 txs per game | honest bonded → paid (× proposer bond, total) | liars bonded → paid (× proposer bond, total) | uncounterable after (s, median / max) | resolved on L1 after (s, median / max) | stated bound (s) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var liars in new[] { 1, 4, 16 })
        {
            var dispute = new DisputeScenario(SequencerFault.None, liars);
            var games = new List<Dictionary<string, string>>();
            var passed = 0;
            for (var i = 0; i < seeds; i++)
            {
                var r = WholeNodeSimulator.Run(DisputeNodeSweeps.For(SimulationConfigs.Clean(4), dispute), first + (ulong)i, dispute: dispute);
                if (r.Passed) passed++;
                else failures.Add($"{liars} liars, seed {first + (ulong)i}: {r}");
                games.AddRange(r.NodeStates.Where(s => s.StartsWith("dispute-game ", StringComparison.Ordinal))
                    .Select(s => Field().Matches(s).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value)));
            }
            double Median(string key) => games.Select(g => double.Parse(g[key], CultureInfo.InvariantCulture)).Order().ElementAt(games.Count / 2);
            double Max(string key) => games.Max(g => double.Parse(g[key], CultureInfo.InvariantCulture));
            double Sum(string key) => games.Sum(g => double.Parse(g[key], CultureInfo.InvariantCulture)) / (double)NodeSimulation.ProposerBond;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {liars} | {passed} of {seeds} passed / {games.Count} | {Median("claims"):F0}, {Max("claims"):F0} | {Median("honestTxs"):F0} | {Median("liarTxs"):F0} | {Sum("honestBonded"):F1} → {Sum("honestPaid"):F1} | {Sum("liarBonded"):F1} → {Sum("liarPaid"):F1} | " +
                $"{Median("resolvableMs") / 1000:F1} / {Max("resolvableMs") / 1000:F1} | {Median("resolvedMs") / 1000:F1} / {Max("resolvedMs") / 1000:F1} | {Max("boundMs") / 1000:F0} |"));
        }
        // The table first, then every failing run's report: a failed invariant is the finding, never averaged away.
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
