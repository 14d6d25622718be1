namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// A signed L2 transaction submitted through L1's forced-inclusion queue at <see cref="L1Height"/>. The sequencer may
/// include it early; derivation includes it at the latest in the first L2 block whose L1 origin is at least
/// <see cref="L1Height"/> + the forced-inclusion window.
/// </summary>
public readonly record struct ForcedTransaction(ulong Index, ulong L1Height, OptimisticBatchItem Item);
