using Lamina.L1.State;

namespace Lamina.L1.Rollups;

/// <summary>Typed reads and writes of the rollups module's records (the queries the RPC and the rules share).</summary>
public static class RollupLedger
{
    public static RollupIndexRecord ReadIndex(WorldState state) => state.GetRecord<RollupIndexRecord>(RollupKeys.Index) ?? RollupIndexRecord.Empty;

    public static RollupRecord? Find(WorldState state, ulong id) => state.GetRecord<RollupRecord>(RollupKeys.Rollup(id));

    public static RollupOutputRecord? FindOutput(WorldState state, ulong id, ulong index) => state.GetRecord<RollupOutputRecord>(RollupKeys.Output(id, index));

    /// <summary>The blob base fee per byte recorded for L1 block <paramref name="height"/>, or null when none was (a future block, or before the module ran).</summary>
    public static ulong? BlobFeeAt(WorldState state, ulong height) => state.GetRecord<BlobFeeRecord>(RollupKeys.BlobFee(height))?.BaseFeePerByte;

    public static RollupDepositRecord? FindDeposit(WorldState state, ulong id, ulong index) => state.GetRecord<RollupDepositRecord>(RollupKeys.Deposit(id, index));

    public static RollupForcedRecord? FindForced(WorldState state, ulong id, ulong index) => state.GetRecord<RollupForcedRecord>(RollupKeys.Forced(id, index));

    public static RollupBatchRecord? FindBatch(WorldState state, ulong id, ulong number) => state.GetRecord<RollupBatchRecord>(RollupKeys.Batch(id, number));

    public static RollupWithdrawalRecord? FindWithdrawal(WorldState state, ulong id, Core.Hash256 withdrawalId) => state.GetRecord<RollupWithdrawalRecord>(RollupKeys.Withdrawal(id, withdrawalId));

    /// <summary>How many withdrawals rollup <paramref name="id"/> has paid (the next <see cref="RollupPaidWithdrawalRecord"/> number).</summary>
    public static ulong PaidWithdrawalCount(WorldState state, ulong id) => state.GetRecord<RollupPaidWithdrawalCountRecord>(RollupKeys.PaidWithdrawalCount(id))?.Count ?? 0;

    /// <summary>The rollup's <paramref name="number"/>-th paid withdrawal, in the order L1 paid them.</summary>
    public static RollupPaidWithdrawalRecord? FindPaidWithdrawal(WorldState state, ulong id, ulong number) => state.GetRecord<RollupPaidWithdrawalRecord>(RollupKeys.PaidWithdrawal(id, number));

    public static BlockBlobsRecord? FindBlockBlobs(WorldState state, ulong height) => state.GetRecord<BlockBlobsRecord>(RollupKeys.BlockBlobs(height));

    /// <summary>The rollup, or <see cref="RollupError.UnknownRollup"/>.</summary>
    internal static RollupRecord Require(WorldState state, ulong id)
        => Find(state, id) ?? throw new RollupRejectedException(RollupError.UnknownRollup, $"no rollup {id} is registered");

    /// <summary>
    /// Up to <paramref name="max"/> records numbered <paramref name="from"/>, <paramref name="from"/> + 1, … below
    /// <paramref name="end"/>, in order: how every queue is paged.
    /// </summary>
    public static List<T> Page<T>(ulong from, ulong end, int max, Func<ulong, T?> read) where T : class
    {
        var page = new List<T>();
        for (var n = from; n < end && page.Count < Math.Clamp(max, 0, RollupLimits.MaxPage); n++)
        {
            if (read(n) is { } record) page.Add(record);
        }
        return page;
    }

    /// <summary>
    /// The first index in [0, <paramref name="end"/>) whose record was written at L1 height ≥ <paramref name="height"/>
    /// (<paramref name="end"/> when none): a binary search, valid because every queue is appended in block order, so
    /// its heights never decrease.
    /// </summary>
    public static ulong FirstAtOrAfter(ulong end, ulong height, Func<ulong, ulong> heightOf)
    {
        ArgumentNullException.ThrowIfNull(heightOf);
        ulong low = 0, high = end;
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (heightOf(mid) < height) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// <summary>Every record of a queue written at exactly L1 height <paramref name="height"/>, in queue order (at most <see cref="RollupLimits.MaxPage"/>).</summary>
    public static List<T> AtHeight<T>(ulong end, ulong height, Func<ulong, T?> read, Func<T, ulong> heightOf) where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(heightOf);
        var first = FirstAtOrAfter(end, height, i => heightOf(read(i) ?? throw new InvalidOperationException($"queue record {i} is missing below {end}")));
        var found = new List<T>();
        for (var i = first; i < end && found.Count < RollupLimits.MaxPage; i++)
        {
            var record = read(i)!;
            if (heightOf(record) != height) break;
            found.Add(record);
        }
        return found;
    }

    internal static void Register(WorldState state, RollupConfig config, ulong height)
    {
        var index = ReadIndex(state);
        if (Find(state, config.Id) is not null) throw new RollupRejectedException(RollupError.RollupExists, $"rollup {config.Id} is already registered");
        // ZK rollups share the id space: an id is a DA namespace (RollupNamespace), which two rollups must not share.
        if (config.Id <= uint.MaxValue && ZkRollups.ZkLedger.Find(state, (uint)config.Id) is not null)
            throw new RollupRejectedException(RollupError.RollupExists, $"ZK rollup {config.Id} holds that id and its DA namespace");
        if (index.Ids.Length >= RollupLimits.MaxRollups) throw new RollupRejectedException(RollupError.TooManyRollups, $"the chain already has {RollupLimits.MaxRollups} rollups");
        state.SetRecord(RollupKeys.Index, index.With(config.Id));
        state.SetRecord(RollupKeys.Rollup(config.Id), RollupRecord.Registered(config, height));
        // Output 0 is the genesis root: final from the start, the anchor derivation and the first proposal build on.
        state.SetRecord(RollupKeys.Output(config.Id, 0), new RollupOutputRecord(config.Id, 0, 0, config.GenesisOutputRoot, default, UInt128.Zero, height, 0, OutputStatus.Finalized));
    }
}
