using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// What the ZK operator needs from L1 and nothing more: the rollup's proven head, its priority queue, and the
/// submission of a batch (pubdata as a blob beside the proof). The node backs it with Lamina.Client against the
/// L1 ZK settlement module; unit tests and simulation use <see cref="InMemoryZkSettlement"/>.
/// </summary>
public interface IZkSettlement : IZkBatchHistory
{
    /// <summary>The priority operations queued on L1 with serials from <paramref name="fromSerial"/> on, in serial order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ZkTransaction>> GetPriorityOpsAsync(ulong fromSerial, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a batch to L1. Returns once L1 took the submission in (for a real chain: its transaction is in the
    /// mempool); whether it was accepted shows in <see cref="IZkBatchHistory.GetStatusAsync"/> once it lands. A
    /// submission L1 refuses outright is a <see cref="ZkSubmissionRejectedException"/>.
    /// </summary>
    Task SubmitBatchAsync(ZkBatchSubmission submission, CancellationToken cancellationToken);
}
