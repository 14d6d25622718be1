namespace Lamina.L2.Optimistic;

public sealed class InvalidOptimisticTransactionException(OptimisticTransitionError error, string reason)
    : Exception($"{error}: {reason}")
{
    public OptimisticTransitionError Error { get; } = error;
}
