using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>What a finished handshake proved about the other side.</summary>
public sealed record HandshakeResult(PeerId PeerId, PublicKey PublicKey, ushort ListenPort);
