namespace Lamina.L2.Optimistic.Chain;

public sealed class InvalidL2BlockException(L2BlockError error, string reason) : Exception($"{error}: {reason}")
{
    public L2BlockError Error { get; } = error;
}
