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

    public const int MaxEvidence = 100;

    public Block(BlockHeader header, IReadOnlyList<Transaction> transactions, Commit? lastCommit, IReadOnlyList<DuplicateVoteEvidence>? evidence = null)
    {
        Header = header;
        Transactions = transactions;
        LastCommit = lastCommit;
        Evidence = evidence ?? [];
    }

    public BlockHeader Header { get; }
    public IReadOnlyList<Transaction> Transactions { get; }
    public Commit? LastCommit { get; }

    /// <summary>Proofs of double signing this block punishes; the header commits to them through its evidence hash.</summary>
    public IReadOnlyList<DuplicateVoteEvidence> Evidence { get; }
    public Hash256 Hash => Header.Hash;
    public ulong Height => Header.Height;

    public static Hash256 ComputeTxRoot(IReadOnlyList<Transaction> transactions)
    {
        var leaves = new Hash256[transactions.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = transactions[i].Hash;
        return BinaryMerkleTree.Root(leaves);
    }

    public static Hash256 ComputeLastCommitHash(Commit? commit) => commit?.Hash ?? Hash256.Zero;

    public static Hash256 ComputeEvidenceHash(IReadOnlyList<DuplicateVoteEvidence> evidence)
    {
        var leaves = new Hash256[evidence.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = evidence[i].Hash;
        return BinaryMerkleTree.Root(leaves);
    }

    /// <summary>Checks that the body matches what the header commits to (transactions and last commit).</summary>
    public void CheckBodyMatchesHeader()
    {
        if (ComputeTxRoot(Transactions) != Header.TxRoot) throw new InvalidBlockException(BlockError.BadTxRoot, "transaction root does not match the transactions");
        if (ComputeLastCommitHash(LastCommit) != Header.LastCommitHash) throw new InvalidBlockException(BlockError.BadLastCommit, "last commit hash does not match the last commit");
        if (ComputeEvidenceHash(Evidence) != Header.EvidenceHash) throw new InvalidBlockException(BlockError.BadEvidence, "evidence hash does not match the evidence");
    }

    public void Encode(CanonicalWriter w)
    {
        Header.Encode(w);
        w.WriteCount(Transactions.Count);
        foreach (var tx in Transactions) w.WriteBytes(tx.Encoded);
        w.WriteBool(LastCommit is not null);
        LastCommit?.Encode(w);
        w.WriteCount(Evidence.Count);
        foreach (var e in Evidence) e.Encode(w);
    }

    public static Block Decode(ref CanonicalReader r)
    {
        var header = BlockHeader.Decode(ref r);
        var count = r.ReadCount(MaxTransactions, 4, "transactions");
        var txs = new Transaction[count];
        for (var i = 0; i < count; i++) txs[i] = Transaction.FromBytes(r.ReadBytes(Transaction.MaxEncodedSize, "transaction"));
        var commit = r.ReadBool("has last commit") ? Commit.Decode(ref r) : null;
        var evidenceCount = r.ReadCount(MaxEvidence, 2 * Vote.EncodedSize, "evidence");
        var evidence = new DuplicateVoteEvidence[evidenceCount];
        for (var i = 0; i < evidenceCount; i++) evidence[i] = DuplicateVoteEvidence.Decode(ref r);
        return new Block(header, txs, commit, evidence);
    }
}
