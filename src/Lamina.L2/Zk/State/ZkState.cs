using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.State;

/// <summary>
/// The whole ZK-rollup state: the account tree and the number of L1 priority operations (deposits, forced exits)
/// already processed. The state root binds both, so a deposit can be credited only once: each priority op must
/// carry the next serial number, and the counter it advances is part of the proven root.
/// </summary>
public sealed class ZkState
{
    /// <summary>State-root domain tag (ASCII "zkstate1").</summary>
    public static readonly Felt StateTag = Felt.FromU64(0x3165746174736B7AUL);

    public ZkState()
        : this(new AccountTree(), 0)
    {
    }

    private ZkState(AccountTree accounts, ulong priorityOpsProcessed)
    {
        Accounts = accounts;
        PriorityOpsProcessed = priorityOpsProcessed;
    }

    public AccountTree Accounts { get; }

    /// <summary>Serial number of the next L1 priority operation to process.</summary>
    public ulong PriorityOpsProcessed { get; internal set; }

    public RpoDigest Root => ComputeRoot(Accounts.Root, PriorityOpsProcessed);

    public static RpoDigest ComputeRoot(RpoDigest accountRoot, ulong priorityOpsProcessed) =>
        Rpo256.Merge(accountRoot, new RpoDigest(StateTag, Felt.FromU64(priorityOpsProcessed), Felt.Zero, Felt.Zero));

    public ZkState Clone() => new(Accounts.Clone(), PriorityOpsProcessed);
}
