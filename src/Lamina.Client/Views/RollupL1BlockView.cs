using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// rollup_getL1Block: what the L1 rollups module recorded for one rollup in one committed L1 block — its time, data
/// root and blob base fee (per blob byte, what the rollup's data fee is priced at for L2 blocks with this origin), the indices of the blobs in the rollup's namespace (among the block's blobs, in transaction order), and
/// the deposits, forced transactions, batch references and outputs written in that block, each in queue order.
/// </summary>
public sealed record RollupL1BlockView(
    ulong Height, ulong RollupId, ulong L1Height, Hash256 L1BlockHash, ulong L1TimeMs, Hash256 DataRoot, ulong BlobBaseFee, IReadOnlyList<int> BlobIndices,
    IReadOnlyList<RollupDepositView> Deposits, IReadOnlyList<RollupForcedTransactionView> ForcedTransactions,
    IReadOnlyList<RollupBatchView> Batches, IReadOnlyList<RollupOutputView> Outputs)
{
    public static RollupL1BlockView Read(ViewReader r) => new(r.ULong("height"), r.ULong("rollupId"), r.ULong("l1Height"), r.Hash("l1BlockHash"),
        r.ULong("l1TimeMs"), r.Hash("dataRoot"), checked((ulong)r.Amount("blobBaseFee")), r.Ints("blobIndices"),
        r.Each("deposits", item => RollupDepositView.Read(r.Element("deposits", item))),
        r.Each("forcedTransactions", item => RollupForcedTransactionView.Read(r.Element("forcedTransactions", item))),
        r.Each("batches", item => RollupBatchView.Read(r.Element("batches", item))),
        r.Each("outputs", item => RollupOutputView.Read(r.Element("outputs", item))));
}
