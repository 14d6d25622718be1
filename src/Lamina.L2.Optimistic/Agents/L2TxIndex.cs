using Lamina.Core;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>Transaction hash → block and position, for l2_getTransaction; fed with blocks as a chain grows.</summary>
public sealed class L2TxIndex
{
    private readonly Dictionary<Hash256, (ulong Block, int Index)> _located = [];

    public void Add(L2Block block)
    {
        for (var i = 0; i < block.Transactions.Count; i++) _located[block.Transactions[i].Hash] = (block.Header.Number, i);
    }

    public bool TryFind(Hash256 hash, out ulong block, out int index)
    {
        var found = _located.TryGetValue(hash, out var at);
        (block, index) = at;
        return found;
    }
}
