namespace Lamina.L2.Optimistic;

/// <summary>A one-step witness does not prove the state the transaction reads; <see cref="Access"/> is the entry's index.</summary>
public sealed class InvalidOneStepWitnessException(OneStepWitnessError error, int access, string reason)
    : Exception($"{error} at witness access {access}: {reason}")
{
    public OneStepWitnessError Error { get; } = error;
    public int Access { get; } = access;
}
