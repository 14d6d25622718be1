using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// Remembers the last <see cref="Capacity"/> gossip messages by hash so a node relays each message once. Eviction is
/// first-in-first-out through a ring: deterministic, O(1), and a fixed memory bound however hard peers flood.
/// A message evicted and seen again is relayed again, which is harmless (higher layers dedup by content anyway).
/// </summary>
public sealed class GossipSeenSet
{
    private readonly Hash256[] _ring;
    private readonly HashSet<Hash256> _set;
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public GossipSeenSet(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _ring = new Hash256[capacity];
        _set = new HashSet<Hash256>(capacity);
    }

    public int Capacity => _ring.Length;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The key: H("lamina/p2p/gossip" ‖ channel ‖ payload); the channel keeps equal bytes on two channels apart.</summary>
    public static Hash256 KeyOf(byte channel, ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> prefix = [channel];
        return DomainHasher.Hash(NetworkDomains.Gossip, prefix, payload);
    }

    /// <summary>True the first time a message is seen (relay it), false for a repeat (drop it).</summary>
    public bool TryMarkSeen(byte channel, ReadOnlySpan<byte> payload) => TryMarkSeen(KeyOf(channel, payload));

    public bool TryMarkSeen(Hash256 key)
    {
        lock (_lock)
        {
            if (_set.Contains(key)) return false;
            if (_count == _ring.Length)
            {
                _set.Remove(_ring[_next]);
            }
            else
            {
                _count++;
            }
            _ring[_next] = key;
            _set.Add(key);
            _next = (_next + 1) % _ring.Length;
            return true;
        }
    }

    public bool Contains(Hash256 key)
    {
        lock (_lock)
        {
            return _set.Contains(key);
        }
    }
}
