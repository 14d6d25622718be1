namespace Lamina.L2.Optimistic;

public sealed class InvalidWithdrawalProofException(WithdrawalProofError error, string reason)
    : Exception($"{error}: {reason}")
{
    public WithdrawalProofError Error { get; } = error;
}
