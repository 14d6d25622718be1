namespace Lamina.Simulation.Tests;

/// <summary>What Byzantine validators do.</summary>
public enum ByzantineBehavior
{
    /// <summary>Runs the protocol with an unguarded key and signs a second, conflicting version of every vote and proposal.</summary>
    Equivocate,
    /// <summary>Never sends anything.</summary>
    Silent,
    /// <summary>Follows the protocol but proposes blocks the application rejects.</summary>
    InvalidProposals,
}

/// <summary>
/// One simulated network. Times are virtual milliseconds. Before <see cref="GstMs"/> (global stabilisation time) the
/// network may drop, duplicate and delay messages and partition nodes, and honest nodes may crash and restart; from
/// GST on every message between live nodes arrives within <see cref="PostGstDelayMaxMs"/>.
/// </summary>
public sealed record SimulationConfig
{
    public string Name { get; init; } = "default";
    public int Validators { get; init; } = 4;
    public int Byzantine { get; init; }
    public ByzantineBehavior[] Behaviors { get; init; } = [ByzantineBehavior.Equivocate, ByzantineBehavior.Silent, ByzantineBehavior.InvalidProposals];
    /// <summary>Heights every honest node must decide (after GST the liveness bound applies to them).</summary>
    public int TargetHeight { get; init; } = 10;
    public long GstMs { get; init; }
    public double DropRate { get; init; }
    public double DuplicateRate { get; init; }
    public long PreGstDelayMaxMs { get; init; } = 400;
    public long PostGstDelayMinMs { get; init; } = 5;
    public long PostGstDelayMaxMs { get; init; } = 50;
    public bool Partitions { get; init; }
    /// <summary>Honest nodes that crash (and restart from their WAL and signer state) before GST.</summary>
    public int Crashes { get; init; }
    /// <summary>Each node's timers run at a factor in [1 − skew, 1 + skew] of virtual time.</summary>
    public double ClockSkew { get; init; }
    /// <summary>After GST the lowest honest height must advance by <see cref="TargetHeight"/> within this much virtual time.</summary>
    public long LivenessBoundMs { get; init; } = 60_000;
    /// <summary>Detected equivocations must be slashed within this long after max(GST, detection).</summary>
    public long SlashBoundMs { get; init; } = 30_000;
    /// <summary>A node whose height has not moved for this long re-sends its own votes and proposal (gossip retransmission).</summary>
    public long RegossipMs { get; init; } = 1_000;
    public ulong EvidenceMaxAgeBlocks { get; init; } = 100;
    /// <summary>Lets a third or more of the validators be Byzantine: only to show the watchdog catching a stall.</summary>
    public bool AllowNoQuorum { get; init; }
}
