namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// What a party needs to play a game that derives lists on L1: for a block, the blobs its list comes from with this
/// party's mask and final state (<see cref="Derivation"/>), and its execution of the derived candidates
/// (<see cref="Execution"/>), from which it answers any mask (its own or another's) and builds step proofs.
/// </summary>
public interface IDerivedOutputHistory : IOutputHistory
{
    /// <summary>The opening of a derived descent into block <paramref name="block"/> (from block − 1), or null.</summary>
    DerivedOpening? Derivation(ulong block);

    /// <summary>This party's execution of block <paramref name="block"/>'s derived candidates, or null.</summary>
    DerivedExecution? Execution(ulong block);
}
