namespace Lamina.L2.Zk.Operator;

/// <summary>Where a batch is: cut and proving, proven and journaled, sent to L1, verified by L1, or last refused by L1.</summary>
public enum ZkBatchPhase
{
    Proving = 1,
    Proven = 2,
    Submitted = 3,
    Verified = 4,
    Rejected = 5,
}

/// <summary>
/// What the operator reports about one batch (zk_getBatch, the explorer): its range of the log, operation counts,
/// sizes, the prove time measured here and, once L1 verified it, L1's height and verify time.
/// </summary>
public sealed record ZkBatchInfo(ulong Number, ZkBatchPhase Phase, ulong FirstSequence, int OpCount, int PriorityOps, int PubdataBytes,
    int ProofBytes, uint ProveMilliseconds, string? NewAccountRoot, int Submissions, string? LastRejection, ulong? L1Height,
    double? L1VerifyMilliseconds);
