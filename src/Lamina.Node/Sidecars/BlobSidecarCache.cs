using System.Buffers.Binary;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Transactions;
using Lamina.Storage;

namespace Lamina.Node.Sidecars;

/// <summary>
/// The blob bytes a node holds. Before a block commits: an in-memory map from commitment to bytes, fed by the
/// mempool (a blob admitted in network form), by sidecars a proposer publishes and by answers to sidecar requests;
/// keyed by the commitment computed here, so a peer cannot plant bytes under another blob's commitment. After a
/// block commits with every sidecar held: its <see cref="BlobSidecars"/> in the store (column
/// <see cref="Column.Blobs"/>, key <c>'b' ‖ height</c>) for the retention window, which is what block sync, the DA
/// node's column keeper and da_getNamespaceData read. Thread-safe.
/// </summary>
public sealed class BlobSidecarCache
{
    /// <summary>Pending bytes kept in memory at most (the oldest go first): 16 blocks at the blob gas limit.</summary>
    public const long MaxPendingBytes = 16L * 786_432;
    private const byte CommittedPrefix = (byte)'b';
    private readonly object _gate = new();
    private readonly Dictionary<Hash256, byte[]> _pending = []; // lookup only
    private readonly Queue<Hash256> _order = new();
    private readonly IKeyValueStore _store;
    private readonly ulong _retention;
    private long _pendingBytes;

    public BlobSidecarCache(Blockchain chain)
    {
        _store = chain.Store.Store;
        _retention = chain.Genesis.Blobs?.RetentionBlocks ?? BlobParameters.DefaultRetentionBlocks;
        chain.TransactionAdmitted += Remember;
        chain.BlockCommitted += (block, _) => OnCommitted(block);
    }

    /// <summary>The retention window: sidecars of blocks this far below the head are pruned and not required by block sync.</summary>
    public ulong Retention => _retention;

    /// <summary>Keeps the bytes of an admitted blob transaction.</summary>
    public void Remember(Transaction tx)
    {
        if (tx.Payload.CarriedBlob is { Data: { } data } blob) Add(blob.Commitment, data);
    }

    /// <summary>Keeps every sidecar under the commitment its bytes hash to.</summary>
    public void Remember(BlobSidecars sidecars)
    {
        foreach (var data in sidecars.Blobs) Add(BlobCommitment.Of(data), data);
    }

    /// <summary>Attaches every held sidecar to <paramref name="block"/>'s blobs; returns how many are still missing.</summary>
    public int Hydrate(Block block)
    {
        var missing = 0;
        BlobSidecars? committed = null;
        var index = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            var i = index++;
            if (blob.HasData) continue;
            byte[]? data;
            lock (_gate) _pending.TryGetValue(blob.Commitment, out data);
            if (data is null)
            {
                committed ??= GetCommitted(block.Height);
                if (committed is not null && committed.BlockHash == block.Hash && i < committed.Blobs.Count) data = committed.Blobs[i];
            }
            if (data is null || BlobCommitment.Of(data) != blob.Commitment || (uint)data.Length != blob.DataLength)
            {
                missing++;
                continue;
            }
            blob.AttachSidecar(data);
        }
        return missing;
    }

    /// <summary>The stored sidecars of committed block <paramref name="height"/>, or null.</summary>
    public BlobSidecars? GetCommitted(ulong height)
    {
        var bytes = _store.Get(Column.Blobs, Key(height));
        return bytes is null ? null : Canonical.Decode<BlobSidecars>(bytes);
    }

    private void OnCommitted(Block block)
    {
        using var batch = _store.CreateBatch();
        if (BlobSidecars.BlobCount(block) != 0 && BlobSidecars.Of(block) is { } sidecars)
        {
            batch.Put(Column.Blobs, Key(block.Height), Canonical.Encode(sidecars));
        }
        if (block.Height > _retention) batch.Delete(Column.Blobs, Key(block.Height - _retention));
        _store.Write(batch, sync: false);
    }

    private void Add(Hash256 commitment, byte[] data)
    {
        lock (_gate)
        {
            if (!_pending.TryAdd(commitment, data)) return;
            _order.Enqueue(commitment);
            _pendingBytes += data.Length;
            while (_pendingBytes > MaxPendingBytes && _order.TryDequeue(out var oldest))
            {
                if (_pending.Remove(oldest, out var gone)) _pendingBytes -= gone.Length;
            }
        }
    }

    private static byte[] Key(ulong height)
    {
        var key = new byte[9];
        key[0] = CommittedPrefix;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        return key;
    }
}
