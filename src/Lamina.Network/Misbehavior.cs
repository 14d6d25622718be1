namespace Lamina.Network;

/// <summary>What a handler (or the network itself) holds against a peer. Penalties are set in <see cref="P2POptions"/>.</summary>
public enum Misbehavior
{
    /// <summary>Well-formed but invalid (bad signature on a vote, a transaction that can never apply).</summary>
    Invalid,
    /// <summary>Bytes that do not decode.</summary>
    Malformed,
    /// <summary>More bytes than the message type allows.</summary>
    Oversize,
    /// <summary>Too many messages, or useless repeats.</summary>
    Spam,
    /// <summary>A wire-protocol violation detected by the network (bad frame, unknown channel, failed handshake).</summary>
    ProtocolViolation,
}
