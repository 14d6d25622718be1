namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// What anyone can read about a rollup's proven history on L1 and DA: enough to rebuild the state without the
/// operator (<see cref="Rebuild.ZkStateRebuilder"/>), which is all the exodus tool needs.
/// </summary>
public interface IZkBatchHistory
{
    Task<ZkL1Status> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Proven batch <paramref name="number"/> (L1 numbers batches from 0) with the pubdata L1 accepted for it, read from DA and
    /// checked against the commitment L1 recorded; null when it is not proven.
    /// </summary>
    Task<ZkL1BatchRecord?> GetBatchAsync(ulong number, CancellationToken cancellationToken);
}
