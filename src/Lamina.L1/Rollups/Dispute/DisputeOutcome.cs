namespace Lamina.L1.Rollups.Dispute;

/// <summary>How a game ended: the root claim (the disputed root) stood, or it was countered.</summary>
public enum DisputeOutcome : byte
{
    DefenderWins = 1,
    ChallengerWins = 2,
}
