using System.Net;

namespace Lamina.Network;

/// <summary>
/// A peer to keep connected to. <see cref="Host"/> may be a DNS name (resolved on every dial, so a peer that moves is
/// found again). If <see cref="ExpectedId"/> is set, a handshake with any other node key is refused.
/// </summary>
public sealed record PersistentPeer(string Host, int Port, PeerId? ExpectedId = null)
{
    public static PersistentPeer From(IPEndPoint endpoint, PeerId? expectedId = null) => new(endpoint.Address.ToString(), endpoint.Port, expectedId);

    public override string ToString() => $"{Host}:{Port}";
}
