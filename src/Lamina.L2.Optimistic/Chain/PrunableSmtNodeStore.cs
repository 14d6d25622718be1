using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lamina.Core;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// The in-memory tree-node store of an L2 chain (a sequencer's or a verifier's), bounded: every state root writes
/// ~15 new nodes per transaction and the older versions are garbage once no block that may still be executed from,
/// proven against or disputed refers to them. <see cref="PruneIfGrown"/> keeps exactly the nodes reachable from the
/// roots it is given (mark and sweep: the shared structure of the versions is walked once) and runs only once the
/// store has doubled since the last sweep, so its cost is amortised to O(1) per node written.
/// When every root kept at the last sweep is still kept (derivation while the finalized head stands still), every node
/// that survived it is still reachable, so the sweep marks only the nodes written since, stopping at survivors, and
/// removes the unreachable ones among them: its cost follows what was written, not the whole live state.
/// Not thread-safe: its owner (the chain) serialises writes, reads and sweeps.
/// </summary>
public sealed class PrunableSmtNodeStore(int minimumSweepNodes = PrunableSmtNodeStore.DefaultMinimumSweepNodes) : ISmtNodeStore
{
    /// <summary>Below this many nodes a sweep is not worth it (~100 KB).</summary>
    public const int DefaultMinimumSweepNodes = 1_024;

    private Dictionary<Hash256, Entry> _nodes = [];
    // Nodes written since the last sweep, in order (each once); everything else in the store survived it.
    private List<Hash256> _written = [];
    // The sweep a node was last written in or marked by lives in its entry, so an incremental sweep needs no sets of its own.
    private int _epoch = 1;

    /// <summary>A node's bytes; <c>Written</c> is the epoch (sweeps so far + 1) it was added in, <c>Marked</c> the last one that reached it.</summary>
    private struct Entry(byte[] bytes, int written)
    {
        public readonly byte[] Bytes = bytes;
        public readonly int Written = written;
        public int Marked;
    }
    private HashSet<Hash256> _keptRoots = [];
    private int _liveAfterSweep;

    public int Count => _nodes.Count;

    /// <summary>How many sweeps ran (for tests and metrics).</summary>
    public int Sweeps { get; private set; }

    /// <summary>How many of them marked only what was written since the previous one.</summary>
    public int IncrementalSweeps { get; private set; }

    public byte[]? GetNode(Hash256 hash) => _nodes.TryGetValue(hash, out var entry) ? entry.Bytes : null;

    public void PutNode(Hash256 hash, byte[] encoded)
    {
        if (_nodes.TryAdd(hash, new Entry(encoded, _epoch))) _written.Add(hash);
    }

    /// <summary>Sweeps when the store has at least doubled since the last sweep; returns whether it swept.</summary>
    public bool PruneIfGrown(IEnumerable<Hash256> roots)
    {
        if (_nodes.Count < Math.Max(minimumSweepNodes, 2 * _liveAfterSweep)) return false;
        Prune(roots);
        return true;
    }

    /// <summary>Keeps only the nodes reachable from <paramref name="roots"/> (each of which must be complete in the store).</summary>
    public void Prune(IEnumerable<Hash256> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var kept = new HashSet<Hash256>();
        foreach (var root in roots)
        {
            if (!root.IsZero) kept.Add(root);
        }
        if (Sweeps > 0 && _keptRoots.IsSubsetOf(kept)) SweepWritten(kept);
        else SweepAll(kept);
        _keptRoots = kept;
        _written = [];
        _liveAfterSweep = _nodes.Count;
        Sweeps++;
        _epoch++;
    }

    private void SweepAll(HashSet<Hash256> roots)
    {
        var kept = new Dictionary<Hash256, Entry>(Math.Max(16, _liveAfterSweep));
        var stack = new Stack<Hash256>(roots);
        while (stack.TryPop(out var hash))
        {
            if (kept.ContainsKey(hash)) continue;
            if (!_nodes.TryGetValue(hash, out var entry)) throw new MissingTreeNodeException(hash);
            kept.Add(hash, entry);
            if (!SmtNode.TryReadChildren(entry.Bytes, out var left, out var right)) continue;
            if (!left.IsZero) stack.Push(left);
            if (!right.IsZero) stack.Push(right);
        }
        _nodes = kept;
    }

    /// <summary>Marks from the roots through the nodes written since the last sweep only (a survivor's subtree survived with it), then drops the unmarked ones.</summary>
    private void SweepWritten(HashSet<Hash256> roots)
    {
        var stack = new Stack<Hash256>(roots);
        while (stack.TryPop(out var hash))
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_nodes, hash);
            if (Unsafe.IsNullRef(ref entry)) throw new MissingTreeNodeException(hash);
            // A survivor of the last sweep (its subtree survived with it), or a fresh node already marked.
            if (entry.Written != _epoch || entry.Marked == _epoch) continue;
            entry.Marked = _epoch;
            if (!SmtNode.TryReadChildren(entry.Bytes, out var left, out var right)) continue;
            if (!left.IsZero) stack.Push(left);
            if (!right.IsZero) stack.Push(right);
        }
        foreach (var hash in _written)
        {
            if (_nodes[hash].Marked != _epoch) _nodes.Remove(hash);
        }
        IncrementalSweeps++;
    }
}
