using Lamina.L2.Zk.State;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Trace layout of <see cref="AccountTreeTransitionAir"/>: one 256-row segment per account update. Cycle 0 (rows 0..7)
/// hashes the old and the new leaf side by side (old state in columns 0..11, new in 12..23); cycles 1..24 merge both
/// up the tree with the same siblings; row 199 holds both roots; cycles 25..31 are padding permutations. The rules
/// between the old and the new leaf are checked on row 0, the new balance's 62-bit range on rows 0..61; the
/// register flag (a key set on an empty slot) is read on row 0.
/// </summary>
public static class AccountTreeTransitionLayout
{
    public const int SegmentLength = 256;
    public const int Cycle = RpoPermutationConstraints.CycleLength;
    public const int PathCycles = AccountTree.Depth + 1;
    public const int RootRow = Cycle * PathCycles - 1;
    public const int BalanceBits = 62;

    public const int Old = 0, New = 12, Bit = 24, IndexAcc = 25, Root = 26, DeltaBalance = 30, DeltaNonce = 31, KeyInverse = 32;
    public const int RangeBit = 37, RangeAcc = 38, Balance = 39, Register = 40;
    public const int Width = 41;

    /// <summary>Our periodic columns, after RPO's 25: first row, link rows, link weights, root row, range continues, range end, copy.</summary>
    public const int First = RpoPermutationConstraints.PeriodicColumnCount, Link = First + 1, LinkWeight = First + 2, RootSelector = First + 3;
    public const int RangeContinues = First + 4, RangeEnd = First + 5, Copy = First + 6;

    public static Felt[][] PeriodicColumns()
    {
        var columns = new List<Felt[]>(RpoPermutationConstraints.PeriodicColumns);
        var first = new Felt[SegmentLength];
        var link = new Felt[SegmentLength];
        var weight = new Felt[SegmentLength];
        var root = new Felt[SegmentLength];
        var rangeContinues = new Felt[SegmentLength];
        var rangeEnd = new Felt[SegmentLength];
        var copy = new Felt[SegmentLength];
        first[0] = Felt.One;
        for (int c = 0; c < AccountTree.Depth; c++)
        {
            link[Cycle * c + Cycle - 1] = Felt.One;
            weight[Cycle * c + Cycle - 1] = Felt.FromU64(1UL << c);
        }
        root[RootRow] = Felt.One;
        for (int r = 0; r < BalanceBits - 1; r++) rangeContinues[r] = Felt.One;
        rangeEnd[BalanceBits - 1] = Felt.One;
        for (int r = 0; r < SegmentLength - 1; r++) copy[r] = Felt.One;
        columns.AddRange([first, link, weight, root, rangeContinues, rangeEnd, copy]);
        return [.. columns];
    }
}
