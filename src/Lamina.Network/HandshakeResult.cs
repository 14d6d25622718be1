using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>What a finished handshake proved about the other side, and the encrypted session it set up (owned by the caller).</summary>
public sealed record HandshakeResult(PeerId PeerId, PublicKey PublicKey, ushort ListenPort, SecureSession Session);
