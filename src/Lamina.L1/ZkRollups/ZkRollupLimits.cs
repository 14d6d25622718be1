namespace Lamina.L1.ZkRollups;

/// <summary>Bounds that keep every ZK rollup record and loop small.</summary>
public static class ZkRollupLimits
{
    /// <summary>ZK rollups one chain may register (the begin-block hook walks them all).</summary>
    public const int MaxRollups = 64;

    /// <summary>Unprocessed priority requests one rollup may hold; the verifier reads at most this many per batch.</summary>
    public const int MaxPendingPriorityOps = 4_096;

    /// <summary>Withdrawals (and applied forced exits) one batch may credit; at 32 pubdata bytes each, more than a blob holds.</summary>
    public const int MaxWithdrawals = 4_096;

    /// <summary>The largest exodus delay: about 11.6 days of one-second blocks.</summary>
    public const ulong MaxExodusDelayBlocks = 1_000_000;

    /// <summary>Records one RPC page may return.</summary>
    public const int MaxPage = 1_000;

    /// <summary>A rejection message (node-local diagnostics) is cut to this many ASCII characters.</summary>
    public const int MaxMessageLength = 240;

    /// <summary>Failed batches whose <see cref="ZkRejectionRecord"/> a rollup keeps: the newest, in a ring of slots.</summary>
    public const ulong RejectionsKept = 128;
}
