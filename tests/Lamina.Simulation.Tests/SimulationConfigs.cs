namespace Lamina.Simulation.Tests;

/// <summary>The named network configurations CI runs; a failing seed is reproduced by (name, seed).</summary>
public static class SimulationConfigs
{
    public static SimulationConfig Clean(int n) => new() { Name = $"clean-{n}", Validators = n };

    /// <summary>Drops, duplicates, long delays, a partition, crashes with restart, and skewed clocks until GST at 3 s.</summary>
    public static SimulationConfig Faulty(int n) => new()
    {
        Name = $"faulty-{n}",
        Validators = n,
        GstMs = 3_000,
        DropRate = 0.1,
        DuplicateRate = 0.05,
        Partitions = true,
        Crashes = Math.Max(1, n / 5),
        ClockSkew = 0.2,
    };

    /// <summary>The faulty network plus f = ⌊(n−1)/3⌋ Byzantine validators of mixed behaviour.</summary>
    public static SimulationConfig Byzantine(int n) => Faulty(n) with { Name = $"byzantine-{n}", Byzantine = (n - 1) / 3, Crashes = 1 };

    /// <summary>f Byzantine validators that all equivocate on every vote and proposal.</summary>
    public static SimulationConfig Equivocators(int n) => Byzantine(n) with { Name = $"equivocators-{n}", Behaviors = [ByzantineBehavior.Equivocate] };

    public static SimulationConfig ByName(string name)
    {
        var dash = name.LastIndexOf('-');
        var n = int.Parse(name[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return name[..dash] switch
        {
            "clean" => Clean(n),
            "faulty" => Faulty(n),
            "byzantine" => Byzantine(n),
            "equivocators" => Equivocators(n),
            "large" => Large(n),
            _ => throw new ArgumentException($"unknown configuration {name}"),
        };
    }

    /// <summary>A big network: mild faults, f silent or equivocating validators.</summary>
    public static SimulationConfig Large(int n) => new()
    {
        Name = $"large-{n}",
        Validators = n,
        GstMs = 1_000,
        DropRate = 0.02,
        ClockSkew = 0.1,
        Byzantine = (n - 1) / 3,
        Behaviors = [ByzantineBehavior.Silent, ByzantineBehavior.InvalidProposals],
        TargetHeight = 10,
    };
}
