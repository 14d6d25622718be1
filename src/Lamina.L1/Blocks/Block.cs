using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.Transactions;

namespace Lamina.L1.Blocks;

/// <summary>A header, its transactions and the commit that finalized the previous block.</summary>
public sealed class Block : ICanonical<Block>
{
    public const int MaxTransactions = 100_000;
    public const int MaxEncodedSize = 32 * 1024 * 1024;

    public Block(BlockHeader header, IReadOnlyList<Transaction> transactions, Commit? lastCommit)
    {
        Header = header;
        Transactions = transactions;
        LastCommit = lastCommit;
    }

    public BlockHeader Header { get; }
    public IReadOnlyList<Transaction> Transactions { get; }
    public Commit? LastCommit { get; }
    public Hash256 Hash => Header.Hash;
    public ulong Height => Header.Height;

    public static Hash256 ComputeTxRoot(IReadOnlyList<Transaction> transactions)
    {
        var leaves = new Hash256[transactions.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = transactions[i].Hash;
        return BinaryMerkleTree.Root(leaves);
    }

    public static Hash256 ComputeLastCommitHash(Commit? commit) => commit?.Hash ?? Hash256.Zero;

    /// <summary>Checks that the body matches what the header commits to (transactions and last commit).</summary>
    public void CheckBodyMatchesHeader()
    {
        if (ComputeTxRoot(Transactions) != Header.TxRoot) throw new InvalidBlockException(BlockError.BadTxRoot, "transaction root does not match the transactions");
        if (ComputeLastCommitHash(LastCommit) != Header.LastCommitHash) throw new InvalidBlockException(BlockError.BadLastCommit, "last commit hash does not match the last commit");
    }

    public void Encode(CanonicalWriter w)
    {
        Header.Encode(w);
        w.WriteCount(Transactions.Count);
        foreach (var tx in Transactions) w.WriteBytes(tx.Encoded);
        w.WriteBool(LastCommit is not null);
        LastCommit?.Encode(w);
    }

    public static Block Decode(ref CanonicalReader r)
    {
        var header = BlockHeader.Decode(ref r);
        var count = r.ReadCount(MaxTransactions, 4, "transactions");
        var txs = new Transaction[count];
        for (var i = 0; i < count; i++) txs[i] = Transaction.FromBytes(r.ReadBytes(Transaction.MaxEncodedSize, "transaction"));
        var commit = r.ReadBool("has last commit") ? Commit.Decode(ref r) : null;
        return new Block(header, txs, commit);
    }
}
