using System.Text;

namespace Lamina.Simulation.Tests;

/// <summary>Outcome of one run. <see cref="TraceHash"/> digests every event, so equal hashes mean identical runs.</summary>
public sealed class SimulationResult
{
    public required SimulationConfig Config { get; init; }
    public required ulong Seed { get; init; }
    public required IReadOnlyList<string> Violations { get; init; }
    public required ulong TraceHash { get; init; }
    public required long VirtualTimeMs { get; init; }
    public required long MinHonestHeight { get; init; }
    public required long Events { get; init; }
    public required int Equivocations { get; init; }
    public required int EquivocationsDetected { get; init; }
    public required int Slashed { get; init; }
    public required IReadOnlyList<long> CommitLatenciesMs { get; init; }
    public required int MaxRound { get; init; }
    /// <summary>Each node's final consensus state, for diagnosing a failing seed.</summary>
    public required IReadOnlyList<string> NodeStates { get; init; }

    public bool Passed => Violations.Count == 0;

    /// <summary>How many violations a report lists (LAMINA_SIM_VIOLATIONS to see more of a failing seed; default 8).</summary>
    private static int MaxShown => int.TryParse(Environment.GetEnvironmentVariable("LAMINA_SIM_VIOLATIONS"), out var n) ? n : 8;

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append($"seed={Seed} config={Config} → {(Passed ? "ok" : "FAILED")} height={MinHonestHeight} t={VirtualTimeMs}ms events={Events} ");
        sb.Append($"maxRound={MaxRound} equivocations={Equivocations} detected={EquivocationsDetected} slashed={Slashed} trace={TraceHash:x16}");
        foreach (var v in Violations.Take(MaxShown)) sb.Append("\n  violation: ").Append(v);
        if (Violations.Count > MaxShown) sb.Append($"\n  ... and {Violations.Count - MaxShown} more violations");
        if (!Passed) foreach (var n in NodeStates) sb.Append("\n  ").Append(n);
        if (!Passed) sb.Append($"\n  rerun: LAMINA_SIM_SEED={Seed} with config '{Config.Name}'");
        return sb.ToString();
    }
}
