namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// What an L2 block is built from: its L1 origin and time, the deposits and forced transactions it consumes (in queue
/// order, continuing the parent's positions), the sequencer's transactions, and the fee schedule in force: the one of
/// its L1 origin's blob base fee (<see cref="Derivation.L1Inbox.FeesAt"/>); null runs the executor's machine's own.
/// <see cref="DelayBufferDeficit"/> is the header's (<see cref="Derivation.L1Inbox.DeficitAfter"/>): a derivation value the
/// executor only records.
/// </summary>
public sealed record L2BlockInputs(
    ulong L1Origin,
    ulong TimestampMs,
    IReadOnlyList<L2Deposit> Deposits,
    IReadOnlyList<ForcedTransaction> Forced,
    IReadOnlyList<OptimisticBatchItem> Sequenced,
    OptimisticFeeSchedule? Fees = null)
{
    public ulong DelayBufferDeficit { get; init; }
}

/// <summary>A transaction the executor left out, where it was in its input list, and why.</summary>
public readonly record struct DroppedTransaction(L2TxKind Kind, int Position, OptimisticTransitionError Error);

/// <summary>A built block and what was dropped on the way (deterministically: every node drops the same).</summary>
public sealed record L2BlockResult(L2Block Block, IReadOnlyList<DroppedTransaction> Dropped);
