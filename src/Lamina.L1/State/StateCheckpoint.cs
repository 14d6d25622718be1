namespace Lamina.L1.State;

/// <summary>
/// A point in a <see cref="WorldState"/>'s write journal. <see cref="WorldState.Revert"/> undoes every write made
/// since it; <see cref="WorldState.Discard"/> keeps them (an enclosing checkpoint can still undo them). Checkpoints
/// nest and must be closed innermost first.
/// </summary>
public readonly record struct StateCheckpoint(int Depth, int AccountMark, int RecordMark);
