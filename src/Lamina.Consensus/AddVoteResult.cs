namespace Lamina.Consensus;

/// <summary>What adding a vote to a <see cref="VoteSet"/> did.</summary>
public enum AddVoteResult
{
    /// <summary>New vote, counted.</summary>
    Added,
    /// <summary>The very same vote was already there (gossip delivers votes more than once).</summary>
    Duplicate,
    /// <summary>The validator already voted differently here: equivocation. The first vote stays counted; evidence is produced.</summary>
    Conflicting,
}
