namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The game's parameters. <see cref="MaxDepth"/> levels of bisection over a trace of 2^MaxDepth positions (the
/// per-transaction points of one L2 block: 2^16 covers <c>L2Block.MaxTransactions</c>). Each side has a chess clock of
/// <see cref="MaxClockMs"/> per path in L1 time; a move made with less than <see cref="ExtensionMs"/> left sets its
/// side's clock back to exactly that much left, so a last-moment move cannot win by timeout. A claim at depth d locks
/// BaseBond × 1.09493^d (OP Stack's growth), computed in fixed point with <see cref="BondGrowthNumerator"/> /
/// <see cref="BondGrowthDenominator"/>, rounding down once per level and checked: no floating point in consensus.
/// </summary>
public readonly record struct DisputeGameConfig(int MaxDepth, ulong MaxClockMs, ulong ExtensionMs, UInt128 BaseBond)
{
    public const int DepthLimit = 63;
    public const ulong BondGrowthNumerator = 109_493;
    public const ulong BondGrowthDenominator = 100_000;

    /// <summary>OP Stack's values: 3.5 days per side, 3 hours of extension; 16 levels for a block's transactions.</summary>
    public static DisputeGameConfig Production(UInt128 baseBond) => new(16, 302_400_000, 10_800_000, baseBond);

    /// <summary>Devnet values: seconds.</summary>
    public static DisputeGameConfig Devnet(UInt128 baseBond) => new(16, 30_000, 5_000, baseBond);

    public string? Problem()
    {
        if (MaxDepth is < 1 or > DepthLimit) return $"max depth must be 1 to {DepthLimit}, got {MaxDepth}";
        if (MaxClockMs == 0) return "the clock must be positive";
        if (ExtensionMs == 0 || ExtensionMs >= MaxClockMs) return "the extension must be positive and below the clock";
        if (BaseBond == UInt128.Zero) return "the base bond must be positive, or a lie would cost nothing";
        return null;
    }

    /// <summary>The bond a claim at <paramref name="depth"/> locks (throws <see cref="OverflowException"/> past u128).</summary>
    public UInt128 BondAt(int depth)
    {
        if ((uint)depth > (uint)MaxDepth) throw new ArgumentOutOfRangeException(nameof(depth));
        var bond = BaseBond;
        for (var level = 0; level < depth; level++) bond = checked(bond * BondGrowthNumerator) / BondGrowthDenominator;
        return bond;
    }

    /// <summary>Trace length: 2^MaxDepth positions.</summary>
    public ulong TraceLength => 1UL << MaxDepth;
}
