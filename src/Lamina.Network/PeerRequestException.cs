namespace Lamina.Network;

/// <summary>A request to a peer got no answer; <see cref="Failure"/> says why, so the caller can pick another peer.</summary>
public sealed class PeerRequestException : Exception
{
    public PeerRequestException(PeerId peer, RequestFailure failure, string message)
        : base($"request to {peer} failed ({failure}): {message}")
    {
        Peer = peer;
        Failure = failure;
    }

    public PeerId Peer { get; }
    public RequestFailure Failure { get; }
}
