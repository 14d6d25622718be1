namespace Lamina.L2.Optimistic;

/// <summary>Why the optimistic state machine rejected a transaction.</summary>
public enum OptimisticTransitionError
{
    BadSignature,
    BadNonce,
    InsufficientBalance,
    BalanceOverflow,
    FeeTooLow,

    /// <summary>A deposit whose queue index is not the state's next (already credited, or one skipped).</summary>
    DepositOutOfOrder,

    /// <summary>A deposit L1 never recorded at its queue index, or recorded with another recipient or amount.</summary>
    UnknownDeposit,
}
