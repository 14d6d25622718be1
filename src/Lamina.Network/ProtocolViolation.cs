namespace Lamina.Network;

/// <summary>Why a peer's bytes or handshake were refused. Each reason maps to a penalty in <see cref="P2POptions"/>.</summary>
public enum ProtocolViolation
{
    /// <summary>A frame header announced zero payload bytes; every message carries at least one.</summary>
    EmptyFrame,
    /// <summary>A frame header announced more bytes than its channel allows; refused before allocating.</summary>
    OversizeFrame,
    /// <summary>A frame named a channel that is not in the channel table.</summary>
    UnknownChannel,
    /// <summary>The stream ended in the middle of a frame (a crash looks the same, so this is not penalised).</summary>
    TruncatedFrame,
    /// <summary>A control or request envelope did not decode.</summary>
    MalformedMessage,
    /// <summary>A message arrived that is not valid in the current state (e.g. a second Hello).</summary>
    UnexpectedMessage,
    /// <summary>The peer speaks another protocol version.</summary>
    UnsupportedVersion,
    /// <summary>The peer is on another chain.</summary>
    WrongChainId,
    /// <summary>The peer's Auth signature does not prove it holds the key it announced.</summary>
    BadSignature,
    /// <summary>We dialled ourselves (same node key or our own nonce came back).</summary>
    SelfConnection,
    /// <summary>The peer is already connected through another connection that wins the tie-break.</summary>
    DuplicateConnection,
    /// <summary>A persistent peer answered with a node key other than the one configured for it.</summary>
    WrongPeerId,
    /// <summary>The peer's node id or address is banned.</summary>
    Banned,
    /// <summary>The handshake did not finish in time.</summary>
    HandshakeTimeout,
    /// <summary>The node is at its connection limit.</summary>
    TooManyPeers,
    /// <summary>
    /// A frame after the handshake failed authenticated decryption: tampered with, replayed, reordered, reflected, or
    /// not sealed with this session's key.
    /// </summary>
    Decryption,
    /// <summary>A direction of the session has used every nonce its 64-bit counter allows; it must be re-established.</summary>
    NonceExhausted,
    /// <summary>The peer's ephemeral X25519 key is a low-order point, so the shared secret would be all zeros.</summary>
    BadEphemeralKey,
}
