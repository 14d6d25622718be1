using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Where the in-trace challenge (batch proof v5, <see cref="SchnorrChallengeConstraints"/>) lives in a signature segment.
/// The segment's idle rows after the two check rows hash, in columns 0..11 (free there), four RPO permutations one
/// after another, each on the 8 rows of one cycle (<see cref="RpoPermutationConstraints"/>' layout):
/// <list type="bullet">
/// <item>rows 328..343: m = RPO.HashElements(domain ‖ kind ‖ fields), 9 to 16 elements, so always two permutations;</item>
/// <item>rows 344..359: e = RPO.HashElements(tag ‖ w(R) ‖ w(Q) ‖ m), 15 elements, two permutations; e's limbs on row 359.</item>
/// </list>
/// The inputs reach the sponge through columns that are free on those rows: w(R) from the result row in
/// <see cref="DoubleY"/> (rows 321..343), w(Q) from the key row in <see cref="DoubleX"/> (rows 322..351), m from the
/// first hash's output in <see cref="SelX"/> (rows 344..351). The digest's four limbs are copied along the segment in
/// four new columns (<see cref="Digest"/>), and <see cref="EAcc"/> accumulates e's bits in 64-bit chunks, whose ends
/// (rows 63, 127, 191, 255, 319) must be 0, d3, d2, d1, d0: e is the digest read as d0 + d1·2^64 + d2·2^128 + d3·2^192.
/// </summary>
public static class SchnorrChallengeLayout
{
    /// <summary>The four digest limbs, copied along the segment, after the v4 columns.</summary>
    public const int Digest = SchnorrLayout.Width;

    public const int Width = SchnorrLayout.Width + 4;

    /// <summary>First row of each permutation: message (two blocks), then challenge (two blocks).</summary>
    public const int MessageRow = 328, MessageSecondRow = 336, ChallengeRow = 344, ChallengeSecondRow = 352;

    /// <summary>The row holding the challenge digest (output of the last permutation).</summary>
    public const int DigestRow = ChallengeSecondRow + RpoPermutationConstraints.CycleLength - 1;

    /// <summary>Bits per chunk of e's accumulator: one digest limb.</summary>
    public const int LimbBits = 64;

    /// <summary>Periodic columns after the v4 ones: RPO's 25 (cycle 8), then these (cycle 512 unless said).</summary>
    public const int RpoPeriodic = 5;

    public const int HashRound = RpoPeriodic + RpoPermutationConstraints.PeriodicColumnCount;
    public const int AbsorbMessage = HashRound + 1, AbsorbMessageSecond = HashRound + 2, AbsorbChallenge = HashRound + 3, AbsorbChallengeSecond = HashRound + 4;
    public const int HoldR = HashRound + 5, HoldQ = HashRound + 6, HoldM = HashRound + 7, DigestSelector = HashRound + 8;

    /// <summary>Cycle 64: 0 on a limb's last row, else 1.</summary>
    public const int LimbContinues = HashRound + 9;

    /// <summary>The limb ends, most significant first: rows 63 (must be 0), 127 (d3), 191 (d2), 255 (d1), 319 (d0).</summary>
    public const int LimbEnd = HashRound + 10;

    public const int FirstRow = LimbEnd + 5;
    public const int PeriodicCount = FirstRow + 1;

    /// <summary>The v5 periodic columns (after v4's <see cref="SchnorrLayout.PeriodicColumns"/>).</summary>
    public static Felt[][] PeriodicColumns()
    {
        var columns = new List<Felt[]>(RpoPermutationConstraints.PeriodicColumns);
        var round = new Felt[SegmentLength];
        foreach (int start in (int[])[MessageRow, MessageSecondRow, ChallengeRow, ChallengeSecondRow])
        {
            for (int r = 0; r < RpoPermutationConstraints.CycleLength - 1; r++) round[start + r] = Felt.One;
        }
        columns.Add(round);
        // Each absorb selector sits on the row before the permutation's input row (a transition to that row).
        columns.Add(Rows(MessageRow - 1));
        columns.Add(Rows(MessageSecondRow - 1));
        columns.Add(Rows(ChallengeRow - 1));
        columns.Add(Rows(ChallengeSecondRow - 1));
        columns.Add(Span(ResultRow + 1, ChallengeRow - 1));     // w(R) stays in DoubleY from row 321 to 343
        columns.Add(Span(KeyRow + 1, ChallengeSecondRow - 1));   // w(Q) stays in DoubleX from row 322 to 351
        columns.Add(Span(ChallengeRow, ChallengeSecondRow - 1)); // m stays in SelX from row 344 to 351
        columns.Add(Rows(DigestRow));
        var limbContinues = new Felt[LimbBits];
        for (int r = 0; r < LimbBits - 1; r++) limbContinues[r] = Felt.One;
        columns.Add(limbContinues);
        for (int k = 0; k < Steps / LimbBits; k++) columns.Add(Rows(LimbBits * k + LimbBits - 1));
        columns.Add(Rows(0));
        return [.. columns];
    }

    /// <summary>1 on the given rows of a segment.</summary>
    private static Felt[] Rows(params int[] rows)
    {
        var column = new Felt[SegmentLength];
        foreach (int r in rows) column[r] = Felt.One;
        return column;
    }

    /// <summary>1 on rows <paramref name="from"/>..<paramref name="to"/> − 1 (transitions that keep a value in place).</summary>
    private static Felt[] Span(int from, int to)
    {
        var column = new Felt[SegmentLength];
        for (int r = from; r < to; r++) column[r] = Felt.One;
        return column;
    }
}
