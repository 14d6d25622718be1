namespace Lamina.L2.Zk.Operator;

/// <summary>
/// What the operator reports about one batch (zk_getBatch, the explorer): its range of the log, operation counts,
/// sizes, the prove time measured here and, once L1 verified it, L1's height and verify time.
/// </summary>
public sealed record ZkBatchInfo(ulong Number, ZkBatchPhase Phase, ulong FirstSequence, int OpCount, int PriorityOps, int PubdataBytes,
    int ProofBytes, uint ProveMilliseconds, string? NewAccountRoot, int Submissions, string? LastRejection, ulong? L1Height,
    double? L1VerifyMilliseconds);
