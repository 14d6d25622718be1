namespace Lamina.DataAvailability;

/// <summary>A bad-encoding proof was refused (it proves nothing, or is not about this header); see <see cref="Error"/>.</summary>
public sealed class InvalidBadEncodingProofException(BadEncodingError error, string message) : Exception(message)
{
    public BadEncodingError Error { get; } = error;
}
