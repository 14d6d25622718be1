namespace Lamina.L2.Zk.Rebuild;

/// <summary>The state could not be rebuilt; <see cref="Error"/> says why, <see cref="Batch"/> at which batch.</summary>
public sealed class ZkRebuildException(ZkRebuildError error, ulong batch, string message, Exception? inner = null)
    : Exception($"batch {batch}: {message}", inner)
{
    public ZkRebuildError Error { get; } = error;
    public ulong Batch { get; } = batch;
}
