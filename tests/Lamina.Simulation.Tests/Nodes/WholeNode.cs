using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Storage;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// One simulated node: a set of services (today the L1 chain and its consensus jobs; DA and rollup services join the
/// same way) over durable state that survives a crash, rebuilt from that state on every (re)start.
/// </summary>
internal sealed class WholeNode(int index, SigningKey key, ByzantineBehavior? behavior, double skew)
{
    public int Index { get; } = index;
    public SigningKey Key { get; } = key;
    public PeerId PeerId { get; } = PeerId.FromPublicKey(key.PublicKey);
    public ByzantineBehavior? Behavior { get; } = behavior;
    /// <summary>This node's attack on data availability, if any (<see cref="DaScenario"/>).</summary>
    public DaFault? DaFault { get; init; }
    public bool Honest => Behavior is null && DaFault is null;
    public double Skew { get; } = skew;

    // Durable: the block store, the signer's state and the WAL.
    public InMemoryStore Store { get; } = new();
    public InMemorySignerStateStore SignerStore { get; } = new();
    public InMemoryConsensusWal Wal { get; } = new();

    // Volatile: the running services, lost in a crash.
    public bool Up { get; private set; }
    public int Incarnation { get; private set; }
    public SimPeerNetwork? Network { get; private set; }
    public IReadOnlyList<ISimService> Services { get; private set; } = [];
    public L1Service? L1 => Services.OfType<L1Service>().FirstOrDefault();
    public Blockchain? Chain => L1?.Chain;
    public ConsensusJobs? Jobs => L1?.Jobs;
    /// <summary>The node's DA service when it runs the da role (<see cref="DaScenario"/> runs).</summary>
    public DaService? Da => Services.OfType<DaService>().FirstOrDefault();

    public ulong Height => Chain?.Height ?? 0;

    /// <summary>
    /// When the consensus loop's last two re-send ticks ran. A tick re-sends only when the height did not move since
    /// the tick before, so of two ticks in a stretch where the height stood still, the second surely re-sent.
    /// </summary>
    public (long Last, long Previous) ResendTicks { get; private set; } = (long.MinValue, long.MinValue);

    public void ResendTicked(long now) => ResendTicks = (now, ResendTicks.Last);

    /// <summary>The highest height in this node's store, kept across crashes (the store survives them).</summary>
    public ulong CommittedHeight { get; private set; }

    /// <summary>Starts a new incarnation: one network endpoint and loop, shared by the services <paramref name="start"/> builds.</summary>
    public void Boot(NodeSimulation sim, Func<SimNodeContext, IReadOnlyList<ISimService>> start)
    {
        Up = true;
        Incarnation++;
        Network = new SimPeerNetwork(sim, this);
        Services = start(new SimNodeContext(sim, this, Network, new SimNodeLoop(sim, this, Incarnation)));
        if (Chain is { } chain)
        {
            CommittedHeight = chain.Height;
            chain.BlockCommitted += (block, _) => CommittedHeight = block.Height;
        }
    }

    public void Crash()
    {
        Up = false;
        Incarnation++; // its queued work and timers die with it
        Wal.Crash();
        Services = [];
        Network = null;
    }
}
