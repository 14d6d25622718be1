using System.Collections.Concurrent;
using Lamina.Core.Codec;
using Lamina.Network;

namespace Lamina.Node.Hosting;

/// <summary>
/// What each connected peer says it runs: every node sends its roles (<see cref="NodeRolesMessage"/>) on
/// <see cref="Channel"/> to each peer as it connects, and keeps what its peers sent. A peer's roles are its own claim,
/// a routing hint only (whom to ask for columns first, whom not to ask at all): nothing it then serves is trusted for
/// it. A message that does not decode scores the peer as malformed. A peer's roles are forgotten when it disconnects.
/// </summary>
public sealed class PeerRoles(IPeerNetwork net, IEnumerable<string> ownRoles)
{
    public const byte Channel = 38;

    /// <summary>16 roles of 32 bytes with their length prefixes, and the header: well under 1 KiB.</summary>
    public const int MaxPayload = 1024;

    private readonly byte[] _announcement = Canonical.Encode(NodeRolesMessage.Of(ownRoles));
    private readonly ConcurrentDictionary<PeerId, IReadOnlyList<string>> _roles = new();

    /// <summary>Raised when a peer's announcement arrives (the peer, its roles).</summary>
    public event Action<PeerId, IReadOnlyList<string>>? Announced;

    /// <summary>Takes announcements and sends this node's to every peer that connects; call before the transport starts.</summary>
    public void Register()
    {
        net.RegisterHandler(Channel, (peer, payload) =>
        {
            NodeRolesMessage message;
            try
            {
                message = Canonical.Decode<NodeRolesMessage>(payload.Span);
            }
            catch (CodecException e)
            {
                net.ReportMisbehavior(peer, Misbehavior.Malformed, $"node roles: {e.Message}");
                return ValueTask.CompletedTask;
            }
            _roles[peer] = message.Roles;
            Announced?.Invoke(peer, message.Roles);
            return ValueTask.CompletedTask;
        });
        net.PeerConnected += peer => net.Send(peer.Id, Channel, _announcement);
        // A peer that left takes its claim with it: the table stays as large as the peer set, and a peer that comes
        // back announces again on its new connection.
        net.PeerDisconnected += (peer, _) => _roles.TryRemove(peer.Id, out var _);
    }

    /// <summary>The roles <paramref name="peer"/> announced, or null when it has announced none (yet).</summary>
    public IReadOnlyList<string>? RolesOf(PeerId peer) => _roles.TryGetValue(peer, out var roles) ? roles : null;

    /// <summary>Whether <paramref name="peer"/> announced at least one of <paramref name="roles"/>; null when it announced nothing.</summary>
    public bool? Runs(PeerId peer, params ReadOnlySpan<string> roles)
    {
        if (RolesOf(peer) is not { } announced) return null;
        foreach (var role in roles)
        {
            if (announced.Contains(role)) return true;
        }
        return false;
    }
}
