using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// l1_getBlock: the header fields a client checks or shows, the transaction hashes, and with full=true the
/// transactions themselves. The rest of the header (validator set hashes, last commit) stays in <see cref="Json"/>.
/// </summary>
public sealed record BlockView(ulong Height, Hash256 Hash, Hash256 PreviousHash, ulong TimeMs, Address Proposer, Hash256 StateRoot,
    Hash256 TxRoot, Hash256 DataRoot, ulong BaseFeePerGas, ulong GasUsed)
{
    public IReadOnlyList<Hash256> TransactionHashes { get; init; } = [];

    /// <summary>The transactions, when the block was asked for with full=true; otherwise empty.</summary>
    public IReadOnlyList<TransactionView> Transactions { get; init; } = [];

    public JsonObject Json { get; init; } = [];

    public static BlockView Read(ViewReader r)
    {
        var hashes = new List<Hash256>();
        var transactions = new List<TransactionView>();
        foreach (var item in r.Array("transactions"))
        {
            if (item is JsonObject)
            {
                var tx = TransactionView.Read(r.Element("transactions", item), TransactionView.Included);
                transactions.Add(tx);
                hashes.Add(tx.Hash);
            }
            else
            {
                hashes.Add(r.HashElement("transactions", item));
            }
        }
        return new BlockView(r.ULong("height"), r.Hash("hash"), r.Hash("previousHash"), r.ULong("time"), r.Address("proposer"), r.Hash("stateRoot"),
            r.Hash("txRoot"), r.Hash("dataRoot"), r.ULong("baseFeePerGas"), r.ULong("gasUsed"))
        {
            TransactionHashes = hashes,
            Transactions = transactions,
            Json = r.Json,
        };
    }
}
