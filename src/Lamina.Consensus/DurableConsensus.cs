namespace Lamina.Consensus;

/// <summary>
/// A <see cref="TendermintStateMachine"/> behind its write-ahead log: the way a node driver should feed inputs.
/// Each input is logged durably before the machine sees it, and starting a height drops the log of the heights before.
/// </summary>
public sealed class DurableConsensus
{
    private readonly IConsensusWal _wal;

    private DurableConsensus(TendermintStateMachine machine, IConsensusWal wal)
    {
        Machine = machine;
        _wal = wal;
    }

    public TendermintStateMachine Machine { get; }

    public IReadOnlyList<ConsensusEffect> Handle(ConsensusInput input)
    {
        var tag = input is StartHeight s ? s.Height : Machine.Height;
        // This node's own inputs (heights, timeouts, its proposal) are fsynced; peers' messages are buffered.
        var durable = input is not (VoteReceived or ProposalReceived or CommitReceived);
        _wal.Append(new WalEntry(tag, input), durable);
        var effects = Machine.Handle(input);
        if (input is StartHeight start && Machine.Height == start.Height) _wal.TruncateBelow(start.Height);
        return effects;
    }

    /// <summary>
    /// Rebuilds a node after a start or crash: replays every logged input through <paramref name="fresh"/> (a newly
    /// built machine with the same chain id, config and signer) and returns the replay's effects. The driver then
    /// re-sends the broadcasts (peers drop duplicates), schedules the timeouts (stale ones are ignored), and skips
    /// <see cref="Decide"/> effects for heights it has already stored. Because the machine is deterministic it
    /// re-derives the same votes, which the double-sign guard lets it sign again; anything different is refused.
    /// An empty log returns no effects: the driver then feeds <see cref="StartHeight"/> itself.
    /// </summary>
    public static (DurableConsensus Consensus, IReadOnlyList<ConsensusEffect> Effects) Recover(TendermintStateMachine fresh, IConsensusWal wal)
    {
        if (fresh.Validators is not null) throw new ArgumentException("recovery needs a machine that has not handled any input", nameof(fresh));
        var effects = new List<ConsensusEffect>();
        foreach (var entry in wal.ReadAll()) effects.AddRange(fresh.Handle(entry.Input));
        return (new DurableConsensus(fresh, wal), effects);
    }
}
