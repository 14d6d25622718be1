namespace Lamina.L1.Transactions;

/// <summary>A transaction was refused; <see cref="Reason"/> is machine-readable, the message says what to do.</summary>
public sealed class TransactionRejectedException(TxRejectReason reason, string message) : Exception(message)
{
    public TxRejectReason Reason { get; } = reason;
}
