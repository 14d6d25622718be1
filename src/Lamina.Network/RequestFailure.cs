namespace Lamina.Network;

/// <summary>Why <see cref="P2PNode.RequestAsync"/> got no answer.</summary>
public enum RequestFailure
{
    NotConnected,
    Timeout,
    Disconnected,
    RemoteError,
    SendQueueFull,
}
