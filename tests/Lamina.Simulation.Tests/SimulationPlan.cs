using Lamina.Consensus;

namespace Lamina.Simulation.Tests;

/// <summary>
/// How both simulations draw a run from (config, seed), written once: which validators are Byzantine and how, each
/// node's clock skew, and the faults before GST (a partition and its heal, crashes and restarts of honest nodes).
/// </summary>
internal static class SimulationPlan
{
    public static void Validate(SimulationConfig config)
    {
        if (config.Validators is < 1 or > 128) throw new ArgumentException("1 to 128 validators");
        if (config.Byzantine * 3 >= config.Validators && config.Byzantine > 0 && !config.AllowNoQuorum) throw new ArgumentException("Byzantine validators must be under a third");
    }

    /// <summary>The consensus timeouts of simulated validators: short, so a run covers many heights in little virtual time.</summary>
    public static ConsensusConfig Consensus() => new(new TimeoutConfig(
        TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100),
        TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(50),
        TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(50)));

    /// <summary>Each node's behaviour (null for honest) and clock skew factor, in node order.</summary>
    public static (ByzantineBehavior? Behavior, double Skew)[] Nodes(SimulationConfig config, SplitMix64 plan)
    {
        var byzantine = new HashSet<int>();
        while (byzantine.Count < config.Byzantine) byzantine.Add(plan.NextInt(config.Validators));
        var nodes = new (ByzantineBehavior?, double)[config.Validators];
        for (var i = 0; i < config.Validators; i++)
        {
            ByzantineBehavior? behavior = byzantine.Contains(i) ? config.Behaviors[plan.NextInt(config.Behaviors.Length)] : null;
            nodes[i] = (behavior, 1 + (plan.NextDouble() * 2 - 1) * config.ClockSkew);
        }
        return nodes;
    }

    /// <summary>
    /// The faults before GST, handed to the simulation to schedule as its own events: <paramref name="partition"/>
    /// (when, and each node's side, or null for the heal) and <paramref name="crash"/> (node, crash time, restart time).
    /// </summary>
    public static void Faults(SimulationConfig config, SplitMix64 plan, IEnumerable<int> honestNodes, Action<long, bool[]?> partition, Action<int, long, long> crash)
    {
        var gst = config.GstMs;
        if (config.Partitions && gst > 0)
        {
            var side = new bool[config.Validators];
            for (var i = 0; i < side.Length; i++) side[i] = plan.Chance(0.5);
            var start = plan.NextLong(0, gst / 2);
            partition(start, side);
            partition(plan.NextLong(start + 1, gst - 1), null);
        }
        var honest = honestNodes.ToList();
        for (var c = 0; c < config.Crashes && honest.Count > 0 && gst > 10; c++)
        {
            var node = honest[plan.NextInt(honest.Count)];
            honest.Remove(node);
            var crashAt = plan.NextLong(1, gst * 6 / 10);
            crash(node, crashAt, plan.NextLong(crashAt + 1, gst - 1));
        }
    }
}
