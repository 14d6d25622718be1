namespace Lamina.Core.Merkle;

/// <summary>
/// Stateless updates: the root a tree would have after writing one key, computed from a proof of that key alone, with
/// no node store. This is what lets a verifier (the optimistic rollup's one-step executor on L1) apply a transaction
/// to a state it holds only as a root. The result equals <see cref="SparseMerkleTree.Update"/> on the full tree.
/// </summary>
public sealed partial class SmtProof
{
    /// <summary>
    /// Verifies this proof for the key's current state under <paramref name="root"/> (as <see cref="Verify"/> does) and
    /// returns the root after the key is set to <paramref name="newValue"/>. Throws <see cref="InvalidMerkleProofException"/>
    /// when the proof does not show the stated current state.
    /// </summary>
    public Hash256 Update(Hash256 root, Hash256 key, ReadOnlySpan<byte> currentValue, bool present, ReadOnlySpan<byte> newValue)
    {
        Verify(root, key, currentValue, present);
        return RootAfterWrite(key, newValue);
    }

    /// <summary>
    /// The root after setting <paramref name="key"/> to <paramref name="newValue"/>, assuming this proof has been verified
    /// for <paramref name="key"/> (present or absent) against the current root. Only writes are supported: a delete can
    /// collapse a lone sibling leaf upwards, and a proof does not say whether a sibling is a leaf.
    /// </summary>
    public Hash256 RootAfterWrite(Hash256 key, ReadOnlySpan<byte> newValue)
    {
        if (newValue.Length > SmtNode.MaxValueSize) throw new ArgumentException($"values are at most {SmtNode.MaxValueSize} bytes");
        var depth = Siblings.Count;
        var newLeaf = SmtNode.HashLeaf(key, SmtNode.HashValue(newValue));
        // The key's search ended at its own leaf (replace it) or at an empty subtree (the new leaf takes its place: the
        // parent already had another non-empty child, so the shape above stays canonical).
        var current = LeafKey is { } other && other != key
            ? Split(depth, key, newLeaf, other, SmtNode.HashLeaf(other, LeafValueHash!.Value))
            : newLeaf;
        for (var i = depth - 1; i >= 0; i--)
        {
            var sibling = Siblings[i];
            current = key.GetBit(i) ? SmtNode.HashInternal(sibling, current) : SmtNode.HashInternal(current, sibling);
        }
        return current;
    }

    /// <summary>
    /// The search ended at another key's compressed leaf, placed at <paramref name="depth"/> because it was alone below
    /// there. Now two keys share that subtree: both leaves go down to the first bit where the keys differ, under a chain
    /// of internal nodes with empty siblings for the bits they share (exactly what the tree builds).
    /// </summary>
    private static Hash256 Split(int depth, Hash256 key, Hash256 newLeaf, Hash256 otherKey, Hash256 otherLeaf)
    {
        var fork = depth;
        while (fork < MaxDepth && key.GetBit(fork) == otherKey.GetBit(fork)) fork++;
        if (fork == MaxDepth) throw new InvalidMerkleProofException("two distinct keys cannot share all 256 bits");
        var current = key.GetBit(fork) ? SmtNode.HashInternal(otherLeaf, newLeaf) : SmtNode.HashInternal(newLeaf, otherLeaf);
        for (var i = fork - 1; i >= depth; i--)
        {
            current = key.GetBit(i) ? SmtNode.HashInternal(Hash256.Zero, current) : SmtNode.HashInternal(current, Hash256.Zero);
        }
        return current;
    }
}
