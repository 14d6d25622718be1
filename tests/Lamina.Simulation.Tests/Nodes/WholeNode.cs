using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
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
    public bool Honest => Behavior is null;
    public double Skew { get; } = skew;

    // Durable: the block store, the signer's state and the WAL.
    public InMemoryStore Store { get; } = new();
    public InMemorySignerStateStore SignerStore { get; } = new();
    public InMemoryConsensusWal Wal { get; } = new();

    // Volatile: the running services, lost in a crash.
    public bool Up { get; private set; }
    public int Incarnation { get; private set; }
    public Blockchain? Chain { get; private set; }
    public ConsensusJobs? Jobs { get; private set; }
    public SimPeerNetwork? Network { get; private set; }

    public ulong Height => Chain?.Height ?? 0;

    /// <summary>The highest height in this node's store, kept across crashes (the store survives them).</summary>
    public ulong CommittedHeight { get; private set; }

    public void Boot(NodeSimulation sim, GenesisConfig genesis, string chainId, ConsensusConfig consensusConfig, TimeSpan blockInterval)
    {
        Up = true;
        Incarnation++;
        var chain = new Blockchain(new ChainStore(Store), genesis, sim.Clock);
        var net = new SimPeerNetwork(sim, this);
        var loop = new SimNodeLoop(sim, this, Incarnation);
        IVoteSigner signer = Behavior == ByzantineBehavior.Equivocate ? new RawSigner(Key) : new DoubleSignGuard(Key, SignerStore);
        Jobs = new ConsensusJobs(chain, net, loop, Key, blockInterval, sim.Clock, null,
            () => DurableConsensus.Recover(new TendermintStateMachine(chainId, consensusConfig, signer), Wal));
        Chain = chain;
        Network = net;
        CommittedHeight = chain.Height;
        chain.BlockCommitted += (block, _) => CommittedHeight = block.Height;
        Jobs.Start(CancellationToken.None);
    }

    public void Crash()
    {
        Up = false;
        Incarnation++; // its queued work and timers die with it
        Wal.Crash();
        Chain = null;
        Jobs = null;
        Network = null;
    }
}
