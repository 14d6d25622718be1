using Lamina.Core;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// L1's deposit queue as a list read from L1 (a challenger reads it with rollup_getDeposits): deposit i at position i.
/// The challenger rebuilds a game with it exactly as L1 does with its own records.
/// </summary>
public sealed class L1DepositList(IReadOnlyList<L2Deposit> deposits) : IL1DepositQueue
{
    public bool TryGet(ulong index, out Address recipient, out ulong amount)
    {
        if (index < (ulong)deposits.Count && deposits[(int)index].Index == index)
        {
            (recipient, amount) = (deposits[(int)index].Recipient, deposits[(int)index].Amount);
            return true;
        }
        (recipient, amount) = (default, 0);
        return false;
    }
}
