using Lamina.Client.Views;

namespace Lamina.Client;

/// <summary>
/// The zkl1_* methods (the L1 ZK rollups module), each returning a checked view. Pages are read from
/// <c>from</c> and continue at each page's <c>Next</c>. ZK rollup transactions are built and signed with
/// <c>Lamina.L1.ZkRollups.ZkRollupTxBuilder</c> and submitted with <see cref="SendTransactionAsync"/> (a batch in its
/// network form, which carries the pubdata blob).
/// </summary>
public sealed partial class LaminaRpcClient
{
    public Task<ZkRollupListView> ListZkRollupsAsync(CancellationToken cancellation = default)
        => ReadAsync("zkl1_list", [], ZkRollupListView.Read, cancellation);

    /// <summary>Root, last proven batch, priority queue head and length, frozen and the exodus deadline.</summary>
    public Task<ZkRollupView> GetZkRollupAsync(uint rollupId, CancellationToken cancellation = default)
        => ReadAsync("zkl1_getRollup", [rollupId], ZkRollupView.Read, cancellation);

    /// <summary>An accepted batch (NotFound until it is proven on L1).</summary>
    public Task<ZkBatchView> GetZkBatchAsync(uint rollupId, ulong number, CancellationToken cancellation = default)
        => ReadAsync("zkl1_getBatch", [rollupId, number], ZkBatchView.Read, cancellation);

    public Task<RollupPage<ZkBatchView>> GetZkBatchesAsync(uint rollupId, ulong from = 0, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("zkl1_getBatches", [rollupId, from, max], r => RollupPage<ZkBatchView>.Read(r, "batches", ZkBatchView.Read), cancellation);

    /// <summary>Priority requests from serial <paramref name="from"/> (null: from the queue's head, the oldest unprocessed).</summary>
    public Task<RollupPage<ZkPriorityView>> GetZkPriorityQueueAsync(uint rollupId, ulong? from = null, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("zkl1_getPriorityQueue", from is { } f ? [rollupId, f, max] : [rollupId, null, max], r => RollupPage<ZkPriorityView>.Read(r, "requests", ZkPriorityView.Read), cancellation);

    public Task<RollupPage<ZkRejectionView>> GetZkRejectionsAsync(uint rollupId, ulong from = 0, int max = 100, CancellationToken cancellation = default)
        => ReadAsync("zkl1_getRejections", [rollupId, from, max], r => RollupPage<ZkRejectionView>.Read(r, "rejections", ZkRejectionView.Read), cancellation);

    public Task<ZkExitView> GetZkExitAsync(uint rollupId, uint account, CancellationToken cancellation = default)
        => ReadAsync("zkl1_getExit", [rollupId, account], ZkExitView.Read, cancellation);
}
