using System.Net;

namespace Lamina.Network;

/// <summary>
/// Node ids and IP addresses refused until a deadline. Expiry is checked against the injected
/// <see cref="TimeProvider"/>, so a ban lifts exactly when virtual time says it does.
/// </summary>
public sealed class BanList
{
    private readonly TimeProvider _time;
    private readonly Dictionary<PeerId, DateTimeOffset> _nodes = [];
    private readonly Dictionary<IPAddress, DateTimeOffset> _addresses = [];
    private readonly Lock _lock = new();

    public BanList(TimeProvider time) => _time = time;

    public void Ban(PeerId peer, TimeSpan duration)
    {
        lock (_lock)
        {
            _nodes[peer] = _time.GetUtcNow() + duration;
        }
    }

    public void Ban(IPAddress address, TimeSpan duration)
    {
        lock (_lock)
        {
            _addresses[Normalize(address)] = _time.GetUtcNow() + duration;
        }
    }

    public bool IsBanned(PeerId peer)
    {
        lock (_lock)
        {
            return Active(_nodes, peer);
        }
    }

    public bool IsBanned(IPAddress address)
    {
        lock (_lock)
        {
            return Active(_addresses, Normalize(address));
        }
    }

    public void Unban(PeerId peer)
    {
        lock (_lock)
        {
            _nodes.Remove(peer);
        }
    }

    private bool Active<TKey>(Dictionary<TKey, DateTimeOffset> bans, TKey key) where TKey : notnull
    {
        if (!bans.TryGetValue(key, out var until)) return false;
        if (_time.GetUtcNow() < until) return true;
        bans.Remove(key); // expired: drop it so the table does not grow with old bans
        return false;
    }

    /// <summary>An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d; ban the address, not its spelling.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
