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
