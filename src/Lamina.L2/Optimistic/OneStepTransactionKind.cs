namespace Lamina.L2.Optimistic;

/// <summary>What a <see cref="OneStepTransaction"/> carries: a signed transfer or withdrawal, or an L1 deposit.</summary>
public enum OneStepTransactionKind : byte
{
    Transfer = 0,
    Withdrawal = 1,
    Deposit = 2,
}
