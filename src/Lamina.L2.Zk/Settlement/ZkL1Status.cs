using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// The rollup as L1 sees it: how many batches are proven (numbered 0 to <see cref="ProvenBatches"/> − 1) and the state root they reached (account root and
/// priority counter bound together, <see cref="State.ZkState.Root"/>), how many priority operations were ever queued
/// and how many the proven batches consumed, whether the rollup froze into exodus, and the L1 height read.
/// </summary>
public sealed record ZkL1Status(ulong ProvenBatches, RpoDigest ProvenStateRoot, RpoDigest ProvenAccountRoot, ulong PriorityOpsQueued,
    ulong PriorityOpsProcessed, bool Frozen, ulong L1Height)
{
    /// <summary>Priority operations on L1 that no proven batch has consumed yet.</summary>
    public ulong PriorityOpsWaiting => PriorityOpsQueued - PriorityOpsProcessed;
}
