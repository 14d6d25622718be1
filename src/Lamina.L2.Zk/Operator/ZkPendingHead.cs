namespace Lamina.L2.Zk.Operator;

/// <summary>The operator's pending head: the state every accepted operation reached.</summary>
public sealed record ZkPendingHead(Stark.Hashing.RpoDigest StateRoot, Stark.Hashing.RpoDigest AccountRoot, ulong Operations, int Unbatched, ulong Batches,
    ulong PriorityOpsProcessed, int Accounts);
