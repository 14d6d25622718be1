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
}
