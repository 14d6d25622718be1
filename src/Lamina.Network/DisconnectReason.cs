namespace Lamina.Network;

/// <summary>Why a connection ended.</summary>
public enum DisconnectReason
{
    /// <summary>The peer closed the connection or it broke.</summary>
    ConnectionLost,
    /// <summary>The peer broke the wire protocol.</summary>
    ProtocolViolation,
    /// <summary>The peer's score crossed the ban threshold.</summary>
    Banned,
    /// <summary>The peer's send queue filled up: it cannot keep up, and we never block the caller for it.</summary>
    SendQueueOverflow,
    /// <summary>Another connection to the same node id won the tie-break.</summary>
    Replaced,
    /// <summary>Nothing arrived within the idle timeout (not even a Pong).</summary>
    IdleTimeout,
    /// <summary>This node is shutting down or asked to disconnect.</summary>
    Local,
}
