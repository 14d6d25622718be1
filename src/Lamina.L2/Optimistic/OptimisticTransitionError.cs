namespace Lamina.L2.Optimistic;

/// <summary>Why the optimistic state machine rejected a transaction.</summary>
public enum OptimisticTransitionError
{
    BadSignature,
    BadNonce,
    InsufficientBalance,
    BalanceOverflow,
    FeeTooLow,
}
