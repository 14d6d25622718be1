using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// What the transaction rules need besides the state: the chain and rollup a signature must be bound to, the account
/// fees are credited to, and the fee schedule in force (the L1 origin block's, so every verifier computes the same).
/// The sequencer, every verifier and L1's one-step executor must run the rules with the same context.
/// <see cref="Deposits"/> is L1's deposit queue where the rules run on L1 (the dispute game's step): a deposit must
/// then be the one L1 recorded at its index. Derivation leaves it null, since its deposits are read from L1's queue
/// in the first place; for every deposit L1 recorded the two agree, so they compute the same roots.
/// </summary>
public readonly record struct OptimisticRuleContext(ulong ChainId, ulong RollupId, Address Sequencer, OptimisticFeeSchedule Fees, IL1DepositQueue? Deposits = null);
