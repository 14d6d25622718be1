namespace Lamina.DataAvailability.Shares;

/// <summary>A data square was refused; <see cref="Error"/> says which rule was broken.</summary>
public sealed class InvalidSquareException(SquareError error, string message) : Exception(message)
{
    public SquareError Error { get; } = error;
}
