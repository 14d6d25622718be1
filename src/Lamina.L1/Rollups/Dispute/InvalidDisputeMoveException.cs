namespace Lamina.L1.Rollups.Dispute;

/// <summary>The dispute game refused a move; <see cref="Error"/> says which rule it broke.</summary>
public sealed class InvalidDisputeMoveException(DisputeError error, string reason) : Exception($"{error}: {reason}")
{
    public DisputeError Error { get; } = error;
}
