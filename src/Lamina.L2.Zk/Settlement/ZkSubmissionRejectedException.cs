namespace Lamina.L2.Zk.Settlement;

/// <summary>L1 refused a batch submission; <see cref="Reason"/> says why.</summary>
public sealed class ZkSubmissionRejectedException(ZkSettlementRejection reason, ulong batchNumber, string message, Exception? inner = null)
    : Exception($"batch {batchNumber} rejected ({reason}): {message}", inner)
{
    public ZkSettlementRejection Reason { get; } = reason;
    public ulong BatchNumber { get; } = batchNumber;
}
