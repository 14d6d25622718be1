namespace Lamina.Node.DataAvailability.Columns;

/// <summary>A peer's column (or its roots) failed the check against the data root; <see cref="Error"/> says how.</summary>
public sealed class DaColumnException(DaColumnError error, string message) : Exception(message)
{
    public DaColumnError Error { get; } = error;
}
