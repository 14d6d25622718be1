namespace Lamina.Core.Merkle;

/// <summary>
/// A node store that also holds its owner's newest state as an <see cref="SmtWorkingTree"/> over itself: a state
/// machine built on such a store applies its updates to the working tree when they start from the state it holds,
/// and reads that state from it, instead of going through the store node by node.
/// </summary>
public interface ISmtWorkingStore : ISmtNodeStore
{
    /// <summary>The working tree, or null when this store keeps none.</summary>
    SmtWorkingTree? Working { get; }
}
