using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// What the transaction rules need besides the state: the chain and rollup a signature must be bound to, the account
/// fees are credited to, and the fee schedule in force (the L1 origin block's, so every verifier computes the same).
/// The sequencer, every verifier and L1's one-step executor must run the rules with the same context.
/// </summary>
public readonly record struct OptimisticRuleContext(ulong ChainId, ulong RollupId, Address Sequencer, OptimisticFeeSchedule Fees);
