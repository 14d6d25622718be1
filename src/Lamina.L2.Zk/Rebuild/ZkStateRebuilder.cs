using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;

namespace Lamina.L2.Zk.Rebuild;

/// <summary>
/// Rebuilds the ZK rollup's state from what L1 and DA hold, without the operator: the pubdata of every proven batch,
/// in order, replayed with <see cref="PubdataReplayer"/> (balances, nonces, keys, the priority counter), each batch's
/// result checked against the state root L1 recorded for it. This is what a fresh node, a watcher, or the exodus
/// tool (which then proves a balance against the last proven root) runs. A batch whose pubdata is missing or does
/// not replay to L1's root is a <see cref="ZkRebuildException"/>.
/// </summary>
public static class ZkStateRebuilder
{
    /// <summary>The state after every batch L1 has proven (or after the first <paramref name="batches"/> of them).</summary>
    public static async Task<ZkRebuiltState> RebuildAsync(IZkBatchHistory history, ulong? batches = null, CancellationToken cancellationToken = default)
    {
        ZkL1Status status = await history.GetStatusAsync(cancellationToken);
        ulong last = Math.Min(batches ?? status.ProvenBatches, status.ProvenBatches);
        var state = new ZkState();
        for (ulong n = 0; n < last; n++)
        {
            ZkL1BatchRecord record = await history.GetBatchAsync(n, cancellationToken)
                ?? throw new ZkRebuildException(ZkRebuildError.MissingBatch, n, "L1 reports the batch proven but its record or pubdata cannot be read");
            Replay(state, record);
        }
        if (last == status.ProvenBatches && state.Root != status.ProvenStateRoot)
            throw new ZkRebuildException(ZkRebuildError.RootMismatch, last - 1, "the replayed state is not the root L1 holds as proven");
        return new ZkRebuiltState(state, last, status.L1Height);
    }

    /// <summary>Applies one proven batch's pubdata to <paramref name="state"/> and checks the root L1 recorded.</summary>
    public static void Replay(ZkState state, ZkL1BatchRecord record)
    {
        IReadOnlyList<PubdataOp> ops;
        try
        {
            ops = PubdataCodec.Decode(record.Pubdata);
        }
        catch (CodecException e)
        {
            throw new ZkRebuildException(ZkRebuildError.MalformedPubdata, record.Number, e.Message, e);
        }
        PubdataReplayer.Apply(state, ops);
        if (state.Root != record.NewStateRoot)
            throw new ZkRebuildException(ZkRebuildError.RootMismatch, record.Number, "the pubdata does not replay to the state root L1 recorded");
    }
}
