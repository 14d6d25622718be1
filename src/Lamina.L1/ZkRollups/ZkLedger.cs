using Lamina.L1.Rollups;
using Lamina.L1.State;

namespace Lamina.L1.ZkRollups;

/// <summary>Typed reads and writes of the ZK rollups module's records (the queries the RPC and the rules share).</summary>
public static class ZkLedger
{
    public static ZkIndexRecord ReadIndex(WorldState state) => state.GetRecord<ZkIndexRecord>(ZkKeys.Index) ?? ZkIndexRecord.Empty;

    public static ZkRollupRecord? Find(WorldState state, uint id) => state.GetRecord<ZkRollupRecord>(ZkKeys.Rollup(id));

    public static ZkPriorityRecord? FindPriority(WorldState state, uint id, ulong serial) => state.GetRecord<ZkPriorityRecord>(ZkKeys.Priority(id, serial));

    public static ZkBatchRecord? FindBatch(WorldState state, uint id, ulong number) => state.GetRecord<ZkBatchRecord>(ZkKeys.Batch(id, number));

    /// <summary>Rejection <paramref name="index"/>, or null when there is none or a newer one took its slot.</summary>
    public static ZkRejectionRecord? FindRejection(WorldState state, uint id, ulong index)
        => state.GetRecord<ZkRejectionRecord>(ZkKeys.Rejection(id, index)) is { } record && record.Index == index ? record : null;

    /// <summary>The oldest rejection index still kept.</summary>
    public static ulong OldestKeptRejection(ZkRollupRecord rollup)
        => rollup.RejectedBatches > ZkRollupLimits.RejectionsKept ? rollup.RejectedBatches - ZkRollupLimits.RejectionsKept : 0;

    public static ZkExitRecord? FindExit(WorldState state, uint id, uint account) => state.GetRecord<ZkExitRecord>(ZkKeys.Exit(id, account));

    /// <summary>The rollup, or <see cref="ZkRollupError.UnknownRollup"/>.</summary>
    public static ZkRollupRecord Require(WorldState state, uint id)
        => Find(state, id) ?? throw new ZkRollupRejectedException(ZkRollupError.UnknownRollup, $"no ZK rollup {id} is registered");

    /// <summary>The rollup, refusing one in exodus mode with <see cref="ZkRollupError.Frozen"/>.</summary>
    public static ZkRollupRecord RequireLive(WorldState state, uint id)
    {
        var rollup = Require(state, id);
        if (rollup.IsFrozen) throw new ZkRollupRejectedException(ZkRollupError.Frozen, $"ZK rollup {id} froze at L1 height {rollup.FrozenAtHeight} (exodus mode)");
        return rollup;
    }

    /// <summary>Up to <paramref name="max"/> records numbered from <paramref name="from"/> below <paramref name="end"/>, in order.</summary>
    public static List<T> Page<T>(ulong from, ulong end, int max, Func<ulong, T?> read) where T : class
        => RollupLedger.Page(from, end, Math.Clamp(max, 0, ZkRollupLimits.MaxPage), read);

    /// <summary>The L1 height at which the rollup freezes unless a batch processes its oldest request; null when nothing waits.</summary>
    public static ulong? ExodusDeadline(WorldState state, ZkRollupRecord rollup)
    {
        if (rollup.PendingPriority == 0) return null;
        var oldest = FindPriority(state, rollup.Id, rollup.PriorityProcessed) ?? throw new InvalidOperationException($"priority request {rollup.PriorityProcessed} of ZK rollup {rollup.Id} is missing");
        return checked(oldest.QueuedAtHeight + rollup.Config.ExodusDelayBlocks);
    }

    internal static void Register(WorldState state, ZkRollupConfig config, ulong height)
    {
        config.Validate();
        if (Find(state, config.RollupId) is not null) throw new ZkRollupRejectedException(ZkRollupError.RollupExists, $"ZK rollup {config.RollupId} is already registered");
        if (RollupLedger.Find(state, config.RollupId) is not null)
            throw new ZkRollupRejectedException(ZkRollupError.RollupExists, $"optimistic rollup {config.RollupId} holds that id and its DA namespace");
        var index = ReadIndex(state);
        if (index.Ids.Length >= ZkRollupLimits.MaxRollups) throw new ZkRollupRejectedException(ZkRollupError.TooManyRollups, $"the chain already has {ZkRollupLimits.MaxRollups} ZK rollups");
        state.SetRecord(ZkKeys.Index, index.With(config.RollupId));
        state.SetRecord(ZkKeys.Rollup(config.RollupId), ZkRollupRecord.Registered(config, height));
    }

    /// <summary>Moves <paramref name="amount"/> between two L1 accounts with checked arithmetic.</summary>
    internal static void Move(WorldState state, Core.Address from, Core.Address to, UInt128 amount)
    {
        if (amount == UInt128.Zero) return;
        var source = state.GetAccount(from);
        if (source.Balance < amount) throw new InvalidOperationException($"account {from} holds {source.Balance}, cannot move {amount}");
        state.SetAccount(from, source with { Balance = checked(source.Balance - amount) });
        var target = state.GetAccount(to);
        state.SetAccount(to, target with { Balance = checked(target.Balance + amount) });
    }
}
