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
    /// <summary>Against a claim at the block level's last depth: executing the claimed block from the output before it (<see cref="OutputDisputeGame"/>).</summary>
    DescendAttack = 4,
    /// <summary>Against a claim at the block level's last depth: executing the block after it from the claim.</summary>
    DescendDefend = 5,
    /// <summary>Attack at the block level's last depth where both points are past the disputed block (they must be equal).</summary>
    ClampAttack = 6,
    /// <summary>Defend at the block level's last depth where both points are past the disputed block.</summary>
    ClampDefend = 7,
    /// <summary>Opens a block-level claim's output root with its L2 block header.</summary>
    Reveal = 8,
    /// <summary>Like <see cref="DescendAttack"/>, but L1 derives the block's list from the batch blobs (<see cref="Derivation.DerivedOpening"/>).</summary>
    DeriveAttack = 9,
    /// <summary>Like <see cref="DescendDefend"/>, with the block's list derived on L1.</summary>
    DeriveDefend = 10,
}
