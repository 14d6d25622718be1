using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// Hash domains owned by the network. They live here rather than in Core's registry because nothing outside the
/// network hashes under them; the "lamina/p2p/" prefix keeps them disjoint from every Core tag.
/// </summary>
public static class NetworkDomains
{
    /// <summary>What a node signs in its Auth message.</summary>
    public static readonly DomainTag Handshake = new("lamina/p2p/handshake");

    /// <summary>The handshake transcript: both Hellos, which the Auth signatures and the session keys are bound to.</summary>
    public static readonly DomainTag Transcript = new("lamina/p2p/transcript");

    /// <summary>Keys of the gossip seen-set.</summary>
    public static readonly DomainTag Gossip = new("lamina/p2p/gossip");
}
