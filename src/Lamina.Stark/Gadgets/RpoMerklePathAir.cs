using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

// Reusable part of the library (not an example): it lives in Gadgets/ but keeps the namespace Lamina.Stark.Examples,
// because the ZK rollup's batch AIR is being built on it under that name. Rename the namespace to Lamina.Stark.Gadgets
// in one step once that code has merged.
namespace Lamina.Stark.Examples;

/// <summary>
/// Membership in an RPO-256 Merkle tree: the public leaf at the public index hashes up, through private
/// siblings, to the public root. Node at level k+1 = Rpo256.Merge(left, right), where the current node is the
/// left child iff bit k of the index is 0. One permutation (8 rows) per level. Any depth 1..64 works: the
/// trace is padded to a power-of-two number of levels by merging with zero siblings (bit 0), and the root is
/// asserted on row 8·depth − 1.
/// <para>Columns: 12 RPO state columns, then the index bit b of the current level (constant within a block).</para>
/// </summary>
public sealed class RpoMerklePathAir : StarkAir
{
    private const int StateWidth = RpoPermutationConstraints.StateWidth;
    private const int BitColumn = StateWidth;
    private static readonly ConstraintDegree[] Degrees = BuildDegrees();

    public RpoDigest Leaf { get; }
    public ulong Index { get; }
    public int Depth { get; }
    public RpoDigest Root { get; }

    public RpoMerklePathAir(RpoDigest leaf, ulong index, int depth, RpoDigest root)
    {
        if (depth < 1 || depth > 64)
        {
            throw new ArgumentException("depth must be in 1..64", nameof(depth));
        }
        if (depth < 64 && index >> depth != 0)
        {
            throw new ArgumentException("index does not fit the tree depth", nameof(index));
        }
        Leaf = leaf;
        Index = index;
        Depth = depth;
        Root = root;
    }

    public override string Name => "lamina.rpo-merkle-path.v1";
    public override int TraceWidth => StateWidth + 1;
    public override int TraceLength => RpoPermutationConstraints.CycleLength * PaddedDepth(Depth);

    /// <summary>Levels in the trace: the depth rounded up to a power of two.</summary>
    public static int PaddedDepth(int depth) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)depth);
    public override IReadOnlyList<ConstraintDegree> TransitionDegrees => Degrees;
    public override IReadOnlyList<Felt[]> PeriodicColumns => RpoPermutationConstraints.PeriodicColumns;

    /// <summary>Index bit of a level; padding levels (≥ depth) use bit 0.</summary>
    private int Bit(int level) => level < Depth ? (int)((Index >> level) & 1) : 0;

    public override IReadOnlyList<Assertion> GetAssertions()
    {
        var list = new List<Assertion>();
        for (int j = 0; j < 4; j++)
        {
            list.Add(new Assertion(j, 0, Felt.Zero));
        }
        int leafStart = Bit(0) == 0 ? 4 : 8;
        for (int j = 0; j < 4; j++)
        {
            list.Add(new Assertion(leafStart + j, 0, Leaf[j]));
        }
        for (int k = 0; k < PaddedDepth(Depth); k++)
        {
            list.Add(new Assertion(BitColumn, RpoPermutationConstraints.CycleLength * k, Bit(k) == 0 ? Felt.Zero : Felt.One));
        }
        for (int j = 0; j < 4; j++)
        {
            list.Add(new Assertion(4 + j, RpoPermutationConstraints.CycleLength * Depth - 1, Root[j]));
        }
        return list;
    }

    public override byte[] PublicInputBytes()
    {
        byte[] bytes = new byte[76];
        Leaf.ToBytes().CopyTo(bytes, 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(32), Index);
        BitConverter.TryWriteBytes(bytes.AsSpan(40), (uint)Depth);
        Root.ToBytes().CopyTo(bytes, 44);
        return bytes;
    }

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        RpoPermutationConstraints.EvaluateRound(current, next, periodic, result);
        T isRound = periodic[RpoPermutationConstraints.RoundSelector];
        T isLink = T.One - isRound;
        T bit = next[BitColumn];
        T notBit = T.One - bit;
        for (int j = 0; j < StateWidth; j++)
        {
            // Linking row: capacity zeroed; the digest (current 4..8) goes left if the next bit is 0, right if 1.
            T link = j < 4 ? next[j]
                : j < 8 ? notBit * (next[j] - current[j])
                : bit * (next[j] - current[j - 4]);
            result[j] = isRound * result[j] + isLink * link;
        }
        result[BitColumn] = isRound * (next[BitColumn] - current[BitColumn]);
    }

    /// <summary>Root of the path computed directly with <see cref="Rpo256.Merge"/>.</summary>
    public static RpoDigest ComputeRoot(RpoDigest leaf, ulong index, ReadOnlySpan<RpoDigest> siblings)
    {
        RpoDigest node = leaf;
        for (int k = 0; k < siblings.Length; k++)
        {
            node = ((index >> k) & 1) == 0 ? Rpo256.Merge(node, siblings[k]) : Rpo256.Merge(siblings[k], node);
        }
        return node;
    }

    public static TraceTable BuildTrace(RpoDigest leaf, ulong index, ReadOnlySpan<RpoDigest> siblings)
    {
        int depth = siblings.Length;
        int padded = PaddedDepth(depth);
        var trace = new TraceTable(StateWidth + 1, RpoPermutationConstraints.CycleLength * padded);
        Span<Felt> state = stackalloc Felt[StateWidth];
        RpoDigest node = leaf;
        for (int k = 0; k < padded; k++)
        {
            bool right = k < depth && ((index >> k) & 1) == 1;
            RpoDigest sibling = k < depth ? siblings[k] : RpoDigest.Zero;
            state.Clear();
            (right ? sibling : node).CopyTo(state.Slice(4, 4));
            (right ? node : sibling).CopyTo(state.Slice(8, 4));
            int start = RpoPermutationConstraints.CycleLength * k;
            RpoPermutationConstraints.FillPermutation(trace, start, state);
            for (int r = 0; r < RpoPermutationConstraints.CycleLength; r++)
            {
                trace[BitColumn, start + r] = right ? Felt.One : Felt.Zero;
            }
            node = new RpoDigest(state.Slice(4, 4));
        }
        return trace;
    }

    private static ConstraintDegree[] BuildDegrees()
    {
        var d = new ConstraintDegree[StateWidth + 1];
        for (int j = 0; j < StateWidth; j++)
        {
            d[j] = new ConstraintDegree(7, RpoPermutationConstraints.CycleLength);
        }
        d[BitColumn] = new ConstraintDegree(1, RpoPermutationConstraints.CycleLength);
        return d;
    }
}
