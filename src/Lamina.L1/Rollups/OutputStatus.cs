namespace Lamina.L1.Rollups;

/// <summary>
/// Where an output root stands. Part of the output record's encoding: the numbers never change.
/// <see cref="Disputed"/> and <see cref="Replaced"/> are the dispute game's (issue 14): nothing in this module sets
/// them yet, but every rule already treats them — a disputed output never finalizes by time and holds back the outputs
/// after it; a replaced one is skipped by finalization, and withdrawals cannot be proven against it.
/// </summary>
public enum OutputStatus : byte
{
    /// <summary>Posted with a bond; finalizes when its challenge window ends undisputed.</summary>
    Proposed = 1,
    /// <summary>Its window ended undisputed (or it is the genesis root); withdrawals may be proven against it.</summary>
    Finalized = 2,
    /// <summary>A dispute game is open against it (issue 14).</summary>
    Disputed = 3,
    /// <summary>It lost a dispute and another output took its place (issue 14).</summary>
    Replaced = 4,
}
