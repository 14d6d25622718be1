using Lamina.L1.ZkRollups;
using Lamina.Node;
using Lamina.Node.Zk;

namespace Lamina.Cli;

/// <summary>
/// How a new devnet's ZK operator is set up: <see cref="Fault"/> makes it a dishonest operator (one of
/// <see cref="ZkRoleConfig.FaultNames"/>: every batch holding a user transaction carries that lie, for attack tests
/// and demos), <see cref="ExodusDelayBlocks"/> is the delay it registers the rollup with (how many L1 blocks a
/// priority request may wait before the rollup freezes). Both take effect when the devnet is created: the rollup is
/// registered once, and a fault is a property of the operator the devnet was made with.
/// </summary>
public sealed record DevnetZkOptions(string? Fault = null, ulong ExodusDelayBlocks = DevnetZk.ExodusDelayBlocks)
{
    public static readonly DevnetZkOptions Default = new();

    /// <summary>Refuses what the operator's config would refuse at start-up, before anything is written.</summary>
    public void Validate()
    {
        if (Fault is not null && !ZkRoleConfig.FaultNames.Contains(Fault))
            throw new ConfigException($"--zk-fault '{Fault}' is unknown ({string.Join(", ", ZkRoleConfig.FaultNames)})");
        if (ExodusDelayBlocks is 0 or > ZkRollupLimits.MaxExodusDelayBlocks)
            throw new ConfigException($"--zk-exodus-delay must be between 1 and {ZkRollupLimits.MaxExodusDelayBlocks} L1 blocks");
    }
}
