using Lamina.Consensus;

namespace Lamina.Simulation.Tests;

/// <summary>What travels on the simulated network.</summary>
internal abstract record SimMessage;

internal sealed record VoteMsg(Vote Vote) : SimMessage;
internal sealed record ProposalMsg(Proposal Proposal) : SimMessage;
internal sealed record EvidenceMsg(DuplicateVoteEvidence Evidence) : SimMessage;
internal sealed record CommitMsg(Commit Commit) : SimMessage;
/// <summary>"I am at this height": a peer that has its commit answers with it (block sync, reduced to the commit).</summary>
internal sealed record CatchUpRequest(ulong Height) : SimMessage;
