namespace Lamina.L2.Optimistic;

/// <summary>The user transactions a batch carries (deposits come from L1 events, not from batches).</summary>
public enum OptimisticTxKind : byte
{
    Transfer = 0,
    Withdrawal = 1,
}
