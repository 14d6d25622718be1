using Lamina.Core;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// One claim of a game: that the trace point at <see cref="Position"/> has <see cref="Commitment"/> (an
/// <see cref="ExecutionPoint"/> commitment). <see cref="ClockMs"/> is the time its side had used on the path from the
/// root to this claim when it was made (after any extension); <see cref="CreatedMs"/> the L1 time it was made at.
/// </summary>
public sealed record DisputeClaim(
    int Index,
    int ParentIndex,
    GamePosition Position,
    Hash256 Commitment,
    Address Claimant,
    UInt128 Bond,
    ulong ClockMs,
    ulong CreatedMs)
{
    public bool IsRoot => ParentIndex < 0;

    /// <summary>Who countered this claim with a one-step proof (L1 ran the step and it contradicts the claim).</summary>
    public Address? SteppedBy { get; internal set; }
}
