using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The rollups module refused a dispute transaction: <see cref="TransactionRejectedException.Reason"/> is
/// <see cref="TxRejectReason.RollupRejected"/> and <see cref="Error"/> (also the RPC detail) the game's rule.
/// </summary>
public sealed class DisputeRejectedException(DisputeError error, string message)
    : TransactionRejectedException(TxRejectReason.RollupRejected, message)
{
    public DisputeError Error { get; } = error;

    public override string? Detail => Error.ToString();
}
