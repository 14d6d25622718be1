using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Simulation.Tests;

/// <summary>One simulated validator: its consensus (rebuilt on restart) and everything that survives a crash.</summary>
internal sealed class SimNode(int index, SigningKey key, ByzantineBehavior? behavior, double skew)
{
    public int Index { get; } = index;
    public SigningKey Key { get; } = key;
    public ByzantineBehavior? Behavior { get; } = behavior;
    public bool Honest => Behavior is null;
    public double Skew { get; } = skew;

    // Volatile: lost in a crash.
    public bool Up { get; set; } = true;
    public int Incarnation { get; set; }
    public DurableConsensus? Consensus { get; set; }
    public Proposal? LastProposal { get; set; }
    public Vote? LastPrevote { get; set; }
    public Vote? LastPrecommit { get; set; }
    public ulong HeightAtLastTick { get; set; }
    public long LastRegossipAt { get; set; } = long.MinValue;
    public (ulong Height, long Time) LastCatchUpRequest { get; set; } = (0, long.MinValue);
    public Dictionary<(int Peer, ulong Height), long> CommitSentAt { get; } = []; // lookup only

    // Durable: the signer's state, the WAL, the block store and the evidence pool.
    public InMemorySignerStateStore SignerStore { get; } = new();
    public InMemoryConsensusWal Wal { get; } = new();
    public List<Hash256> Chain { get; } = [];
    public List<Commit> Commits { get; } = [];
    public List<DuplicateVoteEvidence> EvidencePool { get; } = [];
    public HashSet<Hash256> KnownEvidence { get; } = []; // lookup only
    public HashSet<Hash256> CommittedEvidence { get; } = []; // lookup only
    public long HeightStartTime { get; set; }
    public int ValueCounter { get; set; }

    public ulong Height => (ulong)Chain.Count;
    public TendermintStateMachine? Machine => Consensus?.Machine;
}
