namespace Lamina.L1.LightClient;

/// <summary>A header failed light-client verification; <see cref="Error"/> says which rule.</summary>
public sealed class LightClientException(LightClientError error, string message) : Exception(message)
{
    public LightClientError Error { get; } = error;
}
