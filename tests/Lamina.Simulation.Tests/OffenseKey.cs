using Lamina.Consensus;

namespace Lamina.Simulation.Tests;

/// <summary>One equivocation: a validator (by index in the set) double-signing a vote type at (height, round).</summary>
internal readonly record struct OffenseKey(int Validator, ulong Height, uint Round, VoteType Type)
{
    public static OffenseKey Of(DuplicateVoteEvidence e, ValidatorSet set) => new(set.IndexOf(e.Validator), e.Height, e.Round, e.Type);
    public override string ToString() => $"validator {Validator} {Type} at {Height}/{Round}";
}
