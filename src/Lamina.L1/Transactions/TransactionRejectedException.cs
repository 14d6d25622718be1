namespace Lamina.L1.Transactions;

/// <summary>A transaction was refused; <see cref="Reason"/> is machine-readable, the message says what to do. Modules may derive it to add a finer typed reason (<see cref="Detail"/>).</summary>
public class TransactionRejectedException(TxRejectReason reason, string message) : Exception(message)
{
    public TxRejectReason Reason { get; } = reason;

    /// <summary>
    /// A module's finer reason under <see cref="Reason"/> (e.g. the rollups module's <c>RollupError</c> name), or
    /// null. RPC reports it beside the reason, so clients can match on it without parsing the message.
    /// </summary>
    public virtual string? Detail => null;

    /// <summary>
    /// Whether a proposer that meets this refusal while building a block keeps the transaction in the mempool for a
    /// later block instead of dropping it: the block is merely full of something (blob space, the one failed ZK batch
    /// a block may include), the transaction itself may still apply.
    /// </summary>
    public virtual bool WaitsForLaterBlock => Reason == TxRejectReason.BlobSpaceFull;
}
