using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// An L2 block: its header, the transactions it applied (deposits, then forced, then sequenced; dropped ones are not
/// here) and the state root after each. Encoding: header ‖ count (u32) ‖ transactions ‖ count × root; the decoder
/// checks the transactions against the header's count and tx root and the last root against its state root. The
/// roots between are the executor's (re-execution gives them), not a header commitment: L1's game could not judge one.
/// </summary>
public sealed record L2Block(L2BlockHeader Header, IReadOnlyList<L2Transaction> Transactions, IReadOnlyList<Hash256> IntermediateRoots)
{
    public const int MaxTransactions = 1 << 16;

    public Hash256 Hash => Header.Hash;

    /// <summary>
    /// The header's tx root: the Merkle root over the transactions' one-step encodings, exactly the list L1's dispute
    /// step executes (<see cref="ExecutionStep.TxListRootOf"/>), so the header preimage gives L1 the list the tx-level
    /// game starts from. Queue positions are not in it: they follow from the header's queue counters and the order.
    /// </summary>
    public static Hash256 TxRootOf(IReadOnlyList<L2Transaction> transactions)
    {
        var leaves = new Hash256[transactions.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = ExecutionStep.LeafHash(OneStepOf(transactions[i]).Encode());
        return BinaryMerkleTree.Root(leaves);
    }

    /// <summary>The transition a recorded transaction is for the one-step executor.</summary>
    public static OneStepTransaction OneStepOf(L2Transaction tx) => tx.Kind == L2TxKind.Deposit
        ? OneStepTransaction.ForDeposit(tx.QueueIndex, tx.Recipient, tx.Amount)
        : OneStepTransaction.ForItem(tx.Item);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(L2BlockHeader.EncodedSize + 4 + Transactions.Count * (L2Transaction.MaxEncodedSize + Hash256.Size));
        Header.Write(writer);
        writer.WriteCount(Transactions.Count);
        foreach (var tx in Transactions) tx.Write(writer);
        foreach (var root in IntermediateRoots) writer.WriteHash(root);
        return writer.ToArray();
    }

    public static L2Block Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var header = L2BlockHeader.Read(ref reader);
        var countAt = reader.Position;
        var count = reader.ReadCount(MaxTransactions, 1 + 16 + Hash256.Size, "l2 block transactions");
        if (count != header.TxCount) throw new CodecException(CodecError.InvalidValue, $"body has {count} transactions, header says {header.TxCount}", countAt);
        var transactions = new L2Transaction[count];
        for (var i = 0; i < count; i++) transactions[i] = L2Transaction.Read(ref reader);
        var roots = new Hash256[count];
        for (var i = 0; i < count; i++) roots[i] = reader.ReadHash("intermediate root");
        reader.EnsureEnd("l2 block");
        if (TxRootOf(transactions) != header.TxRoot) throw new CodecException(CodecError.InvalidValue, "transactions do not match the header's tx root", countAt);
        if (count > 0 && roots[^1] != header.StateRoot) throw new CodecException(CodecError.InvalidValue, "the last intermediate root is not the header's state root", countAt);
        return new L2Block(header, transactions, roots);
    }
}
