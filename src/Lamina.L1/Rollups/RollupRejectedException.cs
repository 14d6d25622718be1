using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>
/// The rollups module refused a transaction: <see cref="TransactionRejectedException.Reason"/> is
/// <see cref="TxRejectReason.RollupRejected"/>, and <see cref="Error"/> says which rule it broke.
/// </summary>
public sealed class RollupRejectedException(RollupError error, string message)
    : TransactionRejectedException(TxRejectReason.RollupRejected, message)
{
    public RollupError Error { get; } = error;

    public override string? Detail => Error.ToString();
}
