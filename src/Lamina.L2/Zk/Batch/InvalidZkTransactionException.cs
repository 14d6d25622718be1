using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Batch;

/// <summary>A transaction broke a rollup rule; <see cref="Error"/> says which, <see cref="Position"/> where in the batch.</summary>
public sealed class InvalidZkTransactionException(ZkTxError error, ZkTxKind kind, int position, string message)
    : Exception($"transaction {position} ({kind}): {message}")
{
    public ZkTxError Error { get; } = error;
    public ZkTxKind Kind { get; } = kind;
    public int Position { get; } = position;
}
