using Lamina.L1.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The ZK rollups module refused a transaction: <see cref="TransactionRejectedException.Reason"/> is
/// <see cref="TxRejectReason.RollupRejected"/>, and <see cref="Error"/> says which rule it broke.
/// </summary>
public sealed class ZkRollupRejectedException(ZkRollupError error, string message)
    : TransactionRejectedException(TxRejectReason.RollupRejected, message)
{
    public ZkRollupError Error { get; } = error;

    public override string? Detail => Error.ToString();

    /// <summary>A failed batch beyond the block's quota of one may be included, and charged, in a later block.</summary>
    public override bool WaitsForLaterBlock => Error == ZkRollupError.FailedBatchQuota;
}
