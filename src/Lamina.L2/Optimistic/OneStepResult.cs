using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The outcome of one transaction: the post-state root, and the rule that rejected it if any. A rejected transaction
/// leaves the state unchanged, so then <see cref="PostRoot"/> is the pre-state root.
/// </summary>
public readonly record struct OneStepResult(Hash256 PostRoot, OptimisticTransitionError? Rejection)
{
    public bool Applied => Rejection is null;
}
