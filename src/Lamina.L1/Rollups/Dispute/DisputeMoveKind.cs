namespace Lamina.L1.Rollups.Dispute;

/// <summary>A move's kind; part of <see cref="DisputeMove"/>'s encoding, the numbers never change.</summary>
public enum DisputeMoveKind : byte
{
    Attack = 0,
    Defend = 1,
    /// <summary>A one-step proof against a claim at the maximum depth, run on the trace point before it.</summary>
    StepAttack = 2,
    /// <summary>A one-step proof against a claim at the maximum depth, run from it to the point after it.</summary>
    StepDefend = 3,
}
