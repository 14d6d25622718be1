namespace Lamina.Network;

/// <summary>A peer broke the wire protocol or was refused at the handshake. <see cref="Reason"/> says which rule.</summary>
public sealed class PeerProtocolException : Exception
{
    public PeerProtocolException(ProtocolViolation reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public PeerProtocolException(ProtocolViolation reason, string message, Exception inner)
        : base(message, inner)
    {
        Reason = reason;
    }

    public ProtocolViolation Reason { get; }

    /// <summary>The peer's node id when it was known (proven) at the time of refusal.</summary>
    public PeerId? Peer { get; init; }
}
