using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// L1's own record of the rollup's deposit queue, as the one-step executor on L1 reads it: the deposit at a queue
/// index, if L1 recorded one. With it in the rule context, a deposit credits only what L1 locked, so a fabricated or
/// altered deposit in a block's list is a rejected transaction, not a credit.
/// </summary>
public interface IL1DepositQueue
{
    /// <summary>The L2 recipient and amount L1 recorded at <paramref name="index"/>; false when L1 has no such deposit.</summary>
    bool TryGet(ulong index, out Address recipient, out ulong amount);
}
