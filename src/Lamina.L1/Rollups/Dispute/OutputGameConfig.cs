namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The parameters of a game over an output root: <see cref="BlockDepth"/> levels of bisection over the L2 blocks after
/// the agreed output (at most 2^BlockDepth of them; OP Stack's split depth), then one level that descends into the
/// first disagreed block, then <see cref="Execution"/>'s levels over that block's transactions. Clocks and extensions
/// are <see cref="Execution"/>'s and run per path across both levels; <see cref="DisputeGameConfig.BaseBond"/> is the
/// root's bond (the proposer's) and a claim at global depth d locks BaseBond × 1.09493^d.
/// </summary>
/// <remarks>
/// With <see cref="DerivedLists"/>, a descent must let L1 derive the block's list from the batch blobs
/// (<see cref="DisputeMoveKind.DeriveAttack"/>/<see cref="DisputeMoveKind.DeriveDefend"/>); a descent onto a list the
/// mover chose (kinds 4 and 5) is refused, so a proposer that keeps its list to itself cannot win with it.
/// </remarks>
public readonly record struct OutputGameConfig(int BlockDepth, DisputeGameConfig Execution, bool DerivedLists = false)
{
    public const int MaxBlockDepth = 30;

    /// <summary>
    /// What L1 plays for a rollup: 20 block levels (about a million L2 blocks between agreed and disputed output), the
    /// 16 transaction levels of <see cref="DisputeGameConfig"/>, the proposer bond as root bond, and a clock of half the
    /// challenge window per side (OP Stack: 3.5 of 7 days) with 1/28 of it as extension (OP's 3 h) — but at least two
    /// minutes per side, so a devnet's seconds-long window still leaves time to play one move per L1 block. A rollup
    /// that registered its clocks (<see cref="RollupConfig.HasDisputeClock"/>, config version 2) plays with those.
    /// </summary>
    public static OutputGameConfig ForRollup(RollupConfig rollup)
    {
        if (rollup.HasDisputeClock)
            return new OutputGameConfig(20, new DisputeGameConfig(16, checked(rollup.DisputeClockSeconds * 1000), checked(rollup.DisputeExtensionSeconds * 1000), rollup.ProposerBond));
        var clock = Math.Max(rollup.ChallengeWindowMs / 2, 120_000);
        return new OutputGameConfig(20, new DisputeGameConfig(16, clock, clock / 28, rollup.ProposerBond));
    }

    /// <summary>The block level as a game of its own: <see cref="BlockDepth"/> levels, the root's bond.</summary>
    public DisputeGameConfig BlockLevel => Execution with { MaxDepth = BlockDepth };

    /// <summary>The execution subgame: its root sits at global depth BlockDepth + 1 and locks that depth's bond.</summary>
    public DisputeGameConfig ExecutionLevel => Execution with { BaseBond = BondAt(BlockDepth + 1) };

    /// <summary>How many L2 blocks after the agreed output a game can cover.</summary>
    public ulong BlockSpan => 1UL << BlockDepth;

    public int TotalDepth => BlockDepth + 1 + Execution.MaxDepth;

    public UInt128 BondAt(int globalDepth) => (Execution with { MaxDepth = DisputeGameConfig.DepthLimit }).BondAt(globalDepth);

    public string? Problem()
    {
        if (BlockDepth is < 1 or > MaxBlockDepth) return $"block depth must be 1 to {MaxBlockDepth}, got {BlockDepth}";
        if (Execution.Problem() is { } problem) return problem;
        if (TotalDepth > DisputeGameConfig.DepthLimit) return $"{TotalDepth} levels in all exceed {DisputeGameConfig.DepthLimit}";
        return null;
    }
}
