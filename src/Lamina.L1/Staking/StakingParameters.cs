namespace Lamina.L1.Staking;

/// <summary>
/// Proof-of-stake rules fixed in genesis. The evidence age must stay below the unbonding period, or a validator
/// could unbond and walk away before its double-sign is punished (the "long-range" escape CometBFT also guards).
/// </summary>
public sealed record StakingParameters(
    UInt128 MinSelfStake,
    UInt128 PowerUnit,
    ulong UnbondingPeriodBlocks,
    ulong EpochLengthBlocks,
    uint SlashFractionBasisPoints,
    ulong JailBlocks,
    ulong EvidenceMaxAgeBlocks,
    int MaxValidators)
{
    public static readonly StakingParameters Default = new(
        MinSelfStake: 1_000_000,
        PowerUnit: 1_000_000,
        UnbondingPeriodBlocks: 2_000,
        EpochLengthBlocks: 20,
        SlashFractionBasisPoints: 500,
        JailBlocks: 100,
        EvidenceMaxAgeBlocks: 1_000,
        MaxValidators: 100);

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule a parameter set breaks.</summary>
    public void Validate()
    {
        if (PowerUnit == UInt128.Zero) throw new ArgumentException("powerUnit must be positive");
        if (MinSelfStake < PowerUnit) throw new ArgumentException("minSelfStake must be at least one powerUnit, or a validator could have zero power");
        if (EpochLengthBlocks == 0) throw new ArgumentException("epochLengthBlocks must be positive");
        if (SlashFractionBasisPoints is 0 or > 10_000) throw new ArgumentException("slashFractionBasisPoints must be in 1..10000");
        if (EvidenceMaxAgeBlocks >= UnbondingPeriodBlocks) throw new ArgumentException("evidenceMaxAgeBlocks must be below unbondingPeriodBlocks, so misbehaviour is punishable before the stake is free");
        if (MaxValidators is < 1 or > 1_000) throw new ArgumentException("maxValidators must be in 1..1000");
    }

    /// <summary>Voting power for a stake: whole power units, capped to what a u64 can hold.</summary>
    public ulong PowerOf(UInt128 stake)
    {
        var units = stake / PowerUnit;
        return units > ulong.MaxValue / 1024 ? ulong.MaxValue / 1024 : (ulong)units;
    }
}
