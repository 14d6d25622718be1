namespace Lamina.Consensus;

/// <summary>
/// A <see cref="TendermintStateMachine"/> behind its write-ahead log: the way a node driver should feed inputs.
/// Each input is logged before the machine sees it, the log is made durable before anything is signed, and starting
/// a height drops the log of the heights before. Together these make a replay re-derive exactly the votes signed
/// before a crash, at any instant of the crash, so a restarted validator re-sends the vote of the step it is in
/// instead of being refused a different one by the double-sign guard and staying silent (issue 8).
/// </summary>
public sealed class DurableConsensus
{
    private readonly IConsensusWal _wal;

    private DurableConsensus(TendermintStateMachine machine, IConsensusWal wal)
    {
        Machine = machine;
        _wal = wal;
        // Peers' messages are logged without an fsync (CometBFT's Write versus WriteSync); a signature may depend
        // on any of them, so they become durable before the signer commits to it. Otherwise a crash right after
        // signing loses the input, the replay derives a different vote, the guard refuses it, and the node is mute.
        machine.BeforeSign = wal.Flush;
    }

    public TendermintStateMachine Machine { get; }

    /// <summary>
    /// The proposer's answers found in the log at recovery that carry their value (the block itself), oldest first:
    /// the driver's only copy of blocks it proposed, and perhaps signed, before the crash.
    /// </summary>
    public IReadOnlyList<ProposeValue> RecoveredValues { get; private init; } = [];

    public IReadOnlyList<ConsensusEffect> Handle(ConsensusInput input)
    {
        if (input is StartHeight start) return HandleStartHeight(start);
        // This node's own inputs (timeouts, its proposal) are fsynced; peers' messages are buffered.
        var durable = input is not (VoteReceived or ProposalReceived or CommitReceived);
        _wal.Append(new WalEntry(Machine.Height, input), durable);
        return Machine.Handle(input);
    }

    /// <summary>
    /// Starting a height applies the messages that arrived early for it. They were logged under the previous height,
    /// so before that height's entries are dropped they are logged again after the start, in the order the machine
    /// applied them. A crash before the truncation replays them twice, which changes nothing: votes and proposals
    /// are idempotent in the machine.
    /// </summary>
    private IReadOnlyList<ConsensusEffect> HandleStartHeight(StartHeight start)
    {
        var advances = Machine.Validators is null || start.Height > Machine.Height;
        var carried = advances ? Machine.BufferedForNextHeight : [];
        _wal.Append(new WalEntry(start.Height, start), durable: true);
        var effects = Machine.Handle(start);
        if (Machine.Height != start.Height) return effects;
        foreach (var early in carried) _wal.Append(new WalEntry(start.Height, early), durable: false);
        _wal.Flush();
        _wal.TruncateBelow(start.Height);
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
        var values = new List<ProposeValue>();
        foreach (var entry in wal.ReadAll())
        {
            if (entry.Input is ProposeValue { Value.IsEmpty: false } value) values.Add(value);
            effects.AddRange(fresh.Handle(entry.Input));
        }
        return (new DurableConsensus(fresh, wal) { RecoveredValues = values }, effects);
    }
}
