namespace Lamina.Core.Merkle;

/// <summary>
/// Collects the nodes written while executing a block on top of a persistent store, so the block's new
/// nodes can be written in the same atomic batch as the block itself (crash safety) or dropped if the block fails.
/// </summary>
/// <remarks>
/// Nodes read from the backing store are remembered for the life of this buffer (one block). Nodes are content-addressed,
/// so a cached node can never be stale; without the cache every account lookup walked from the root through the backing
/// store again, re-reading the same upper levels of the tree thousands of times per block.
/// </remarks>
public sealed class BufferedSmtNodeStore(ISmtNodeStore backing) : ISmtNodeStore
{
    private readonly Dictionary<Hash256, byte[]> _pending = new();
    private readonly Dictionary<Hash256, byte[]> _read = new();

    /// <summary>Nodes written since creation, sorted by hash so the persisted batch is deterministic.</summary>
    public IEnumerable<KeyValuePair<Hash256, byte[]>> Pending
    {
        get
        {
            var keys = new Hash256[_pending.Count];
            _pending.Keys.CopyTo(keys, 0);
            Array.Sort(keys);
            foreach (var k in keys) yield return new(k, _pending[k]);
        }
    }

    public int PendingCount => _pending.Count;

    public byte[]? GetNode(Hash256 hash)
    {
        if (_pending.TryGetValue(hash, out var node) || _read.TryGetValue(hash, out node)) return node;
        node = backing.GetNode(hash);
        if (node is not null) _read[hash] = node;
        return node;
    }

    public void PutNode(Hash256 hash, byte[] encoded) => _pending[hash] = encoded;
}
