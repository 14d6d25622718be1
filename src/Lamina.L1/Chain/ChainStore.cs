using System.Buffers.Binary;
using System.Text;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.Storage;

namespace Lamina.L1.Chain;

/// <summary>
/// The chain on disk. A block, its receipts, its transaction index, its new state nodes, its commit and the head
/// pointer go to the store in one synced batch, so after a crash at any instant the data directory holds either all
/// of a block or none of it, and the head always points at a complete block.
/// </summary>
public sealed class ChainStore(IKeyValueStore store)
{
    private static readonly byte[] HeadKey = Encoding.ASCII.GetBytes("head");
    private static readonly byte[] GenesisKey = Encoding.ASCII.GetBytes("genesis");

    public IKeyValueStore Store { get; } = store;
    public ISmtNodeStore StateNodes { get; } = new StoreNodeSource(store);

    public static byte[] HeightKey(ulong height)
    {
        var key = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(key, height);
        return key;
    }

    public Hash256? GetGenesisHash()
    {
        var bytes = Store.Get(Column.Meta, GenesisKey);
        return bytes is null ? null : new Hash256(bytes);
    }

    /// <summary>The newest committed height and hash, or null for an empty directory.</summary>
    public (ulong Height, Hash256 Hash)? GetHead()
    {
        var bytes = Store.Get(Column.Meta, HeadKey);
        if (bytes is null) return null;
        if (bytes.Length != 40) throw new CorruptStoreException("head pointer has the wrong length");
        return (BinaryPrimitives.ReadUInt64BigEndian(bytes), new Hash256(bytes.AsSpan(8)));
    }

    public Block? GetBlock(Hash256 hash)
    {
        var bytes = Store.Get(Column.Blocks, hash.ToArray());
        return bytes is null ? null : Decode<Block>(bytes, $"block {hash}");
    }

    public Hash256? GetBlockHash(ulong height)
    {
        var bytes = Store.Get(Column.BlockByHeight, HeightKey(height));
        return bytes is null ? null : new Hash256(bytes);
    }

    public Block? GetBlock(ulong height) => GetBlockHash(height) is { } hash ? GetBlock(hash) : null;

    public Commit? GetCommit(ulong height)
    {
        var bytes = Store.Get(Column.Commits, HeightKey(height));
        return bytes is null ? null : Decode<Commit>(bytes, $"commit {height}");
    }

    public TxLocation? GetTxLocation(Hash256 txHash)
    {
        var bytes = Store.Get(Column.TxIndex, txHash.ToArray());
        if (bytes is null) return null;
        if (bytes.Length != 44) throw new CorruptStoreException($"index entry of {txHash} has the wrong length");
        return new TxLocation(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)), new Hash256(bytes.AsSpan(12)));
    }

    public Receipt? GetReceipt(Hash256 txHash)
    {
        var bytes = Store.Get(Column.Receipts, txHash.ToArray());
        return bytes is null ? null : Decode<Receipt>(bytes, $"receipt of {txHash}");
    }

    /// <summary>Persists a block with everything it produced, atomically and durably, and moves the head to it.</summary>
    public void CommitBlock(Block block, IReadOnlyList<Receipt> receipts, BufferedSmtNodeStore newNodes, Commit? commit, Hash256? genesisHash = null)
    {
        using var batch = Store.CreateBatch();
        var hash = block.Hash.ToArray();
        batch.Put(Column.Blocks, hash, Canonical.Encode(block));
        batch.Put(Column.BlockByHeight, HeightKey(block.Height), hash);
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            var txHash = block.Transactions[i].Hash.ToArray();
            var location = new byte[44];
            BinaryPrimitives.WriteUInt64BigEndian(location, block.Height);
            BinaryPrimitives.WriteUInt32BigEndian(location.AsSpan(8), (uint)i);
            hash.CopyTo(location, 12);
            batch.Put(Column.TxIndex, txHash, location);
            batch.Put(Column.Receipts, txHash, Canonical.Encode(receipts[i]));
        }
        foreach (var (nodeHash, node) in newNodes.Pending) batch.Put(Column.StateNodes, nodeHash.ToArray(), node);
        if (commit is not null) batch.Put(Column.Commits, HeightKey(commit.Height), Canonical.Encode(commit));
        // The previous block's commit travels inside this block; keep the stored copy in step with it.
        if (block.LastCommit is not null) batch.Put(Column.Commits, HeightKey(block.LastCommit.Height), Canonical.Encode(block.LastCommit));
        if (genesisHash is { } g) batch.Put(Column.Meta, GenesisKey, g.ToArray());
        var head = new byte[40];
        BinaryPrimitives.WriteUInt64BigEndian(head, block.Height);
        hash.CopyTo(head, 8);
        batch.Put(Column.Meta, HeadKey, head);
        Store.Write(batch, sync: true);
    }

    private static T Decode<T>(byte[] bytes, string what) where T : ICanonical<T>
    {
        try
        {
            return Canonical.Decode<T>(bytes);
        }
        catch (CodecException e)
        {
            throw new CorruptStoreException($"stored {what} does not decode: {e.Message}");
        }
    }
}
