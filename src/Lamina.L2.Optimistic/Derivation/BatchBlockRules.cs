using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// The rules a posted block must meet to extend the safe chain (after OP Stack's batch validity rules): it is the
/// next block; its origin does not go back, is an L1 block already seen when the batch landed, and is at most the
/// sequencing window old then; its time moves forward, is not before its origin's time and not more than the
/// sequencer drift after it. The sequencer checks its own blocks against the same rules.
/// </summary>
public static class BatchBlockRules
{
    public static BatchRejection? Check(RollupConfig config, L1Inbox inbox, L2BlockHeader parent, OptimisticBatchBlock block, ulong inclusionHeight)
    {
        if (block.Number != parent.Number + 1) return BatchRejection.Gap;
        if (block.L1Origin < parent.L1Origin) return BatchRejection.OriginRegressed;
        if (block.L1Origin > inclusionHeight || !inbox.Has(block.L1Origin)) return BatchRejection.OriginInFuture;
        if (inclusionHeight - block.L1Origin > config.SequencingWindow) return BatchRejection.WindowExpired;
        var originTime = inbox.TimestampOf(block.L1Origin);
        if (block.TimestampMs <= parent.TimestampMs || block.TimestampMs < originTime) return BatchRejection.BadTimestamp;
        if (block.TimestampMs - originTime > config.MaxSequencerDriftMs) return BatchRejection.BadTimestamp;
        return null;
    }
}
