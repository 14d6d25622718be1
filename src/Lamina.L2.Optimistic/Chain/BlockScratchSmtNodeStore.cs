using Lamina.Core;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// The sequencer's tree nodes for the block being built: every node written goes to a scratch layer in front of
/// the chain's store, and <see cref="Seal"/> moves down only the nodes reachable from the block's state root, then
/// drops the rest. A transaction's state root is recomputed after every transaction (the dispute game bisects over
/// them), so each one writes ~25 nodes, most of which a later transaction of the same block replaces; the sequencer
/// never reads a state between two transactions once the block is built (a reset re-executes from a block's state), so
/// only the block's own new nodes (a few per account touched) reach the store, and its sweeps have ~8× less to do.
/// </summary>
/// <remarks>
/// Derivation executes the same way; a challenger that needs a state between two transactions re-executes the block
/// from its parent's state (<see cref="Agents.ChainOutputHistory"/>). Not thread-safe: its owner (the sequencer core, derivation) serialises writes, reads and seals.
/// With <c>workingTree</c> (the sequencer core and derivation), the newest state is also held decoded in an
/// <see cref="SmtWorkingTree"/> over this layer, which a state machine on this store applies its transactions to: the
/// same roots, but no node looked up, decoded, encoded or written per transaction; <see cref="Seal"/> flushes it.
/// </remarks>
public sealed class BlockScratchSmtNodeStore : ISmtWorkingStore
{
    public BlockScratchSmtNodeStore(ISmtNodeStore chain, bool workingTree = false)
    {
        Chain = chain;
        Working = workingTree ? new SmtWorkingTree(this) : null;
    }

    private readonly Dictionary<Hash256, byte[]> _scratch = [];
    private readonly Stack<Hash256> _walk = new();

    /// <summary>The store block states are sealed into.</summary>
    public ISmtNodeStore Chain { get; }

    public SmtWorkingTree? Working { get; }

    /// <summary>Nodes written since the last seal (for tests).</summary>
    public int ScratchCount => _scratch.Count;

    public byte[]? GetNode(Hash256 hash) => _scratch.TryGetValue(hash, out var node) ? node : Chain.GetNode(hash);

    public void PutNode(Hash256 hash, byte[] encoded) => _scratch[hash] = encoded;

    /// <summary>Drops every node written since the last seal (a block that was refused part-way).</summary>
    public void Discard()
    {
        Working?.Release();
        _scratch.Clear();
    }

    /// <summary>
    /// Writes every scratch node reachable from <paramref name="root"/> to <see cref="Chain"/> and empties the scratch
    /// layer: the state at <paramref name="root"/> (and at every root sealed earlier) stays readable, the others written
    /// since the last seal do not.
    /// </summary>
    public void Seal(Hash256 root)
    {
        // The working tree's state, if it is the one sealed, goes through the scratch layer like any other node; any
        // other state it held is not kept (the invariant that its clean nodes are in the store must hold after the clear).
        if (Working is { } working)
        {
            if (!working.IsAt(root)) working.Release();
            // With nothing in the scratch layer, every node the working tree did not write is in the chain's store
            // already, so its new nodes go straight there (the usual block: every write went through the working tree).
            else if (_scratch.Count == 0)
            {
                working.FlushTo(Chain);
                return;
            }
            else working.Flush();
        }
        _walk.Clear();
        if (_scratch.ContainsKey(root)) _walk.Push(root);
        while (_walk.TryPop(out var hash))
        {
            // A node reached twice (content addressing shares equal subtrees) was moved the first time.
            if (!_scratch.Remove(hash, out var bytes)) continue;
            Chain.PutNode(hash, bytes);
            if (!SmtNode.TryReadChildren(bytes, out var left, out var right)) continue;
            // Children outside the scratch layer are already in the chain's store.
            if (_scratch.ContainsKey(left)) _walk.Push(left);
            if (_scratch.ContainsKey(right)) _walk.Push(right);
        }
        _scratch.Clear();
    }
}
