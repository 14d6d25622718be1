namespace Lamina.Consensus;

/// <summary>
/// Timeouts grow linearly with the round (base + delta·round), so after the network stabilises some round is long
/// enough for every honest validator to hear the proposal and the votes: that is what makes the protocol live.
/// </summary>
public sealed record TimeoutConfig(
    TimeSpan ProposeBase, TimeSpan ProposeDelta,
    TimeSpan PrevoteBase, TimeSpan PrevoteDelta,
    TimeSpan PrecommitBase, TimeSpan PrecommitDelta)
{
    /// <summary>CometBFT's defaults: propose 3 s + 0.5 s/round, prevote and precommit 1 s + 0.5 s/round.</summary>
    public static TimeoutConfig Default { get; } = new(
        TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));

    public TimeSpan For(ConsensusStep step, uint round)
    {
        var (b, d) = step switch
        {
            ConsensusStep.Propose => (ProposeBase, ProposeDelta),
            ConsensusStep.Prevote => (PrevoteBase, PrevoteDelta),
            ConsensusStep.Precommit => (PrecommitBase, PrecommitDelta),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "unknown step"),
        };
        return TimeSpan.FromTicks(checked(b.Ticks + d.Ticks * round));
    }
}

/// <summary>Tuning of one <see cref="TendermintStateMachine"/>.</summary>
/// <param name="MaxRoundsAhead">Votes and proposals further than this past the current round are dropped (bounds memory).</param>
/// <param name="MaxFutureMessages">Messages for the next height are buffered up to this many until that height starts.</param>
public sealed record ConsensusConfig(TimeoutConfig Timeouts, uint MaxRoundsAhead = 100, int MaxFutureMessages = 10_000)
{
    public static ConsensusConfig Default { get; } = new(TimeoutConfig.Default);
}
