using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// One page of a rollup's queue (rollup_getOutputs, _getDeposits, _getForcedTransactions, _getBatches), read at L1
/// height <see cref="Height"/>: the items numbered <see cref="From"/> up to <see cref="Next"/> (exclusive), of
/// <see cref="Total"/> in all. Poll again from <see cref="Next"/> for what comes after.
/// </summary>
public sealed record RollupPage<T>(ulong Height, ulong RollupId, ulong From, ulong Next, ulong Total, IReadOnlyList<T> Items)
{
    public static RollupPage<T> Read(ViewReader r, string field, Func<ViewReader, T> read)
        => new(r.ULong("height"), r.ULong("rollupId"), r.ULong("from"), r.ULong("next"), r.ULong("total"), r.Each(field, item => read(r.Element(field, item))));
}

/// <summary>An output root: <see cref="Status"/> is "proposed", "finalized", "disputed" or "replaced"; withdrawals are proven only against "finalized" ones.</summary>
public sealed record RollupOutputView(ulong RollupId, ulong Index, ulong L2BlockNumber, Hash256 OutputRoot, Address Proposer, UInt128 Bond,
    ulong PostedAtHeight, ulong PostedTimeMs, ulong FinalizesAtMs, string Status)
{
    public bool IsFinalized => Status == "finalized";

    public static RollupOutputView Read(ViewReader r) => new(r.ULong("rollupId"), r.ULong("index"), r.ULong("l2BlockNumber"), r.Hash("outputRoot"),
        r.Address("proposer"), r.Amount("bond"), r.ULong("postedAtHeight"), r.ULong("postedTimeMs"), r.ULong("finalizesAtMs"), r.String("status"));
}

/// <summary>A deposit, in the order L2 derivation credits them (by <see cref="Index"/>).</summary>
public sealed record RollupDepositView(ulong RollupId, ulong Index, Address L1Sender, Address L2Recipient, ulong Amount, ulong L1Height)
{
    public static RollupDepositView Read(ViewReader r) => new(r.ULong("rollupId"), r.ULong("index"), r.Address("l1Sender"), r.Address("l2Recipient"),
        checked((ulong)r.Amount("amount")), r.ULong("l1Height"));
}

/// <summary>
/// A forced transaction: <see cref="L2Kind"/> ("transfer" or "withdrawal") and the L2 transaction's own encoding;
/// derivation must include it by the L2 chain derived from L1 block <see cref="DeadlineHeight"/>.
/// </summary>
public sealed record RollupForcedTransactionView(ulong RollupId, ulong Index, Address L1Sender, string L2Kind, byte[] L2Transaction, ulong L1Height,
    ulong L1TimeMs, ulong DeadlineHeight)
{
    public static RollupForcedTransactionView Read(ViewReader r) => new(r.ULong("rollupId"), r.ULong("index"), r.Address("l1Sender"), r.String("l2Kind"),
        r.Bytes("l2Transaction"), r.ULong("l1Height"), r.ULong("l1TimeMs"), r.ULong("deadlineHeight"));
}

/// <summary>Where a batch's blob is: L1 block, index among that block's blobs in transaction order, and the block's data root.</summary>
public sealed record RollupBlobLocationView(ulong L1Height, uint BlobIndex, Hash256 DataRoot)
{
    public static RollupBlobLocationView Read(ViewReader r) => new(r.ULong("l1Height"), checked((uint)r.ULong("blobIndex")), r.Hash("dataRoot"));
}

/// <summary>
/// A batch reference: its blobs in order (the batch frame is their data concatenated), and their commitments as L1
/// recorded them for games that derive lists on L1 (null where L1 recorded none).
/// </summary>
public sealed record RollupBatchView(ulong RollupId, ulong Number, IReadOnlyList<RollupBlobLocationView> Blobs, ulong PostedAtHeight,
    IReadOnlyList<Hash256>? Commitments = null)
{
    public static RollupBatchView Read(ViewReader r) => new(r.ULong("rollupId"), r.ULong("number"),
        r.Each("blobs", item => RollupBlobLocationView.Read(r.Element("blobs", item))), r.ULong("postedAtHeight"),
        r.OptionalEach("commitments", item => r.HashElement("commitments", item)));
}

/// <summary>rollup_getWithdrawal: whether the withdrawal with this id was paid on L1 and, if so, how.</summary>
public sealed record RollupWithdrawalView(ulong Height, Hash256 WithdrawalId, ulong RollupId, bool Finalized, ulong? OutputIndex, Address? L1Recipient,
    UInt128? Amount, ulong? L1Height)
{
    public static RollupWithdrawalView Read(ViewReader r) => new(r.ULong("height"), r.Hash("withdrawalId"), r.ULong("rollupId"), r.Bool("finalized"),
        r.OptionalULong("outputIndex"), r.OptionalAddress("l1Recipient"), r.OptionalAmount("amount"), r.OptionalULong("l1Height"));
}
