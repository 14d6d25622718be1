namespace Lamina.DataAvailability.Nmt;

/// <summary>A namespaced Merkle proof failed, or leaves were out of namespace order; <see cref="Error"/> says how.</summary>
public sealed class InvalidNmtException(NmtError error, string message) : Exception(message)
{
    public NmtError Error { get; } = error;
}
