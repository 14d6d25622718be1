namespace Lamina.Consensus;

/// <summary>What the state machine asks its driver to do. Effects are returned in the order they must be carried out.</summary>
public abstract record ConsensusEffect;

/// <summary>Send <paramref name="Message"/> to every peer. The machine has already counted its own votes and proposal.</summary>
public sealed record Broadcast(IConsensusMessage Message) : ConsensusEffect;

/// <summary>After <paramref name="Duration"/>, feed <see cref="TimeoutElapsed"/> with the same height, round and step. Stale timeouts are ignored, so they never need cancelling.</summary>
public sealed record ScheduleTimeout(ulong Height, uint Round, ConsensusStep Step, TimeSpan Duration) : ConsensusEffect;

/// <summary>This node proposes at (height, round): build a block and answer with <see cref="ProposeValue"/>.</summary>
public sealed record RequestProposal(ulong Height, uint Round) : ConsensusEffect;

/// <summary>
/// The block <see cref="Commit.BlockHash"/> is final at <paramref name="Height"/>. The driver executes it (fetching it
/// from peers if it never saw the proposal), stores block and commit, then feeds <see cref="StartHeight"/> for the next height.
/// </summary>
public sealed record Decide(ulong Height, Commit Commit) : ConsensusEffect;

/// <summary>A validator equivocated. The driver adds the evidence to its pool, gossips it, and proposes it in a block.</summary>
public sealed record EvidenceDetected(DuplicateVoteEvidence Evidence) : ConsensusEffect;
