using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// L1's records as a challenger read them over RPC: the deposit queue (deposit i at position i, from
/// rollup_getDeposits) and the blob base fee of the L1 blocks it asked for (rollup_getL1Block). It rebuilds a game
/// with them exactly as L1 does with its own state.
/// </summary>
public sealed class L1RecordList(IReadOnlyList<L2Deposit> deposits, IReadOnlyDictionary<ulong, ulong>? blobBaseFees = null) : IRollupL1Records
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

    public ulong? BlobBaseFeeAt(ulong l1Height) => blobBaseFees is not null && blobBaseFees.TryGetValue(l1Height, out var fee) ? fee : null;
}
