using Lamina.Consensus;
using Lamina.Core;

namespace Lamina.Node.Consensus;

/// <summary>
/// Verified double-sign evidence waiting to be put in a block. Ordered by hash so every proposer that holds the same
/// evidence proposes it in the same order. Bounded: the oldest entries go first when full.
/// </summary>
public sealed class EvidencePool
{
    public const int Capacity = 1_000;
    private readonly SortedDictionary<Hash256, DuplicateVoteEvidence> _pending = new();
    private readonly object _gate = new();

    public int Count
    {
        get { lock (_gate) return _pending.Count; }
    }

    /// <summary>True when the evidence is new to the pool.</summary>
    public bool Add(DuplicateVoteEvidence evidence)
    {
        lock (_gate)
        {
            if (_pending.ContainsKey(evidence.Hash)) return false;
            if (_pending.Count >= Capacity)
            {
                Hash256? oldest = null;
                ulong oldestHeight = ulong.MaxValue;
                foreach (var (hash, e) in _pending)
                {
                    if (e.Height < oldestHeight) (oldest, oldestHeight) = (hash, e.Height);
                }
                _pending.Remove(oldest!.Value);
            }
            _pending[evidence.Hash] = evidence;
            return true;
        }
    }

    public IReadOnlyList<DuplicateVoteEvidence> Pending()
    {
        lock (_gate) return _pending.Values.ToList();
    }

    public void Remove(IEnumerable<DuplicateVoteEvidence> included)
    {
        lock (_gate)
        {
            foreach (var e in included) _pending.Remove(e.Hash);
        }
    }

    public void RemoveExpired(ulong height, ulong maxAge)
    {
        lock (_gate)
        {
            var expired = new List<Hash256>();
            foreach (var (hash, e) in _pending)
            {
                if (e.IsExpired(height, maxAge)) expired.Add(hash);
            }
            foreach (var hash in expired) _pending.Remove(hash);
        }
    }
}
