namespace Lamina.L2.Zk.Operator;

/// <summary>
/// How the operator runs: the most operations per batch, how long the oldest pending operation may wait before a
/// smaller batch is cut, how many batches prove at once (default: one per four cores, at least one, so a 2-core
/// machine proves one batch at a time, itself on both cores), how often L1 is polled, how long a sent batch may
/// stay unproven on L1 before the same bytes are sent again, how far past L1's head batches are sent, the most
/// pending operations held, and the fault (attack tests only).
/// </summary>
public sealed record ZkOperatorOptions(
    int MaxBatchOps = 16,
    TimeSpan? BatchInterval = null,
    int ProverParallelism = 0,
    TimeSpan? PollInterval = null,
    TimeSpan? ResubmitAfter = null,
    int MaxBatchesAhead = 4,
    int MaxPendingOps = 4_096,
    ZkFault Fault = ZkFault.None)
{
    public TimeSpan EffectiveBatchInterval => BatchInterval ?? TimeSpan.FromSeconds(1);
    public TimeSpan EffectivePollInterval => PollInterval ?? TimeSpan.FromMilliseconds(200);
    public TimeSpan EffectiveResubmitAfter => ResubmitAfter ?? TimeSpan.FromSeconds(10);
    public int EffectiveProverParallelism => ProverParallelism > 0 ? ProverParallelism : Math.Max(1, Environment.ProcessorCount / 4);

    public void Validate()
    {
        if (MaxBatchOps is < 1 or > ZkStoredBatch.MaxOps) throw new ArgumentException($"maxBatchOps must be 1..{ZkStoredBatch.MaxOps}");
        if (EffectiveBatchInterval <= TimeSpan.Zero || EffectivePollInterval <= TimeSpan.Zero || EffectiveResubmitAfter <= TimeSpan.Zero)
            throw new ArgumentException("intervals must be positive");
        if (ProverParallelism is < 0 or > 64) throw new ArgumentException("proverParallelism must be 0 (automatic) to 64");
        if (MaxBatchesAhead is < 1 or > 64) throw new ArgumentException("maxBatchesAhead must be 1..64");
        if (MaxPendingOps < MaxBatchOps) throw new ArgumentException("maxPendingOps must hold at least one batch");
    }
}
