namespace Lamina.L1.Blobs;

/// <summary>A blob sidecar that does not belong to the transaction or block it claims, with the reason.</summary>
public sealed class InvalidSidecarException(SidecarError error, string message) : Exception(message)
{
    public SidecarError Error { get; } = error;
}
