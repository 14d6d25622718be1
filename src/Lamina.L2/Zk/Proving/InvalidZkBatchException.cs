namespace Lamina.L2.Zk.Proving;

/// <summary>A batch must not be accepted; <see cref="Reason"/> says which batch rule it breaks, <see cref="Position"/> at which operation.</summary>
public sealed class InvalidZkBatchException(ZkBatchRejection reason, int position, string message)
    : Exception($"operation {position}: {message}")
{
    public ZkBatchRejection Reason { get; } = reason;
    public int Position { get; } = position;
}
