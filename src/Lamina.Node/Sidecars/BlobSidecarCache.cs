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
/// <see cref="Column.Blobs"/>, key <c>'b' ‖ height</c>), which is what block sync, the DA node's column keeper and
/// da_getNamespaceData read, within the node's <see cref="SidecarStoreLimits"/>: a number of blocks below the head
/// and a byte budget (the total is kept under key <c>'t'</c>, updated in the same batch). Thread-safe.
/// </summary>
public sealed class BlobSidecarCache
{
    /// <summary>Pending bytes kept in memory at most (the oldest go first): 16 blocks at the blob gas limit.</summary>
    public const long MaxPendingBytes = 16L * 786_432;
    private const byte CommittedPrefix = (byte)'b';
    private static readonly byte[] TotalKey = [(byte)'t'];
    private readonly object _gate = new();
    private readonly Dictionary<Hash256, byte[]> _pending = []; // lookup only
    private readonly Queue<Hash256> _order = new();
    private readonly IKeyValueStore _store;
    private readonly ulong _retention;
    private readonly ulong _kept;
    private readonly long _maxBytes;
    private long _pendingBytes;

    public BlobSidecarCache(Blockchain chain, SidecarStoreLimits? limits = null)
    {
        limits ??= SidecarStoreLimits.Default;
        _store = chain.Store.Store;
        _retention = chain.Genesis.Blobs?.RetentionBlocks ?? BlobParameters.DefaultRetentionBlocks;
        _kept = limits.RetentionBlocks ?? _retention;
        _maxBytes = limits.MaxBytes;
        StoredBytes = ReadTotal();
        chain.TransactionAdmitted += Remember;
        chain.BlockCommitted += (block, _) => OnCommitted(block);
    }

    /// <summary>The chain's retention window: block sync requires the sidecars of blocks within it below a peer's head.</summary>
    public ulong Retention => _retention;

    /// <summary>How many blocks below the head this node keeps sidecars for (its config, or the chain's window).</summary>
    public ulong KeptBlocks => _kept;

    /// <summary>Encoded bytes of committed sidecars in the store now.</summary>
    public long StoredBytes { get; private set; }

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

    /// <summary>The lowest height whose sidecars are stored, or null.</summary>
    public ulong? OldestStored()
    {
        foreach (var (key, _) in _store.Iterate(Column.Blobs, [CommittedPrefix])) return BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1));
        return null;
    }

    private void OnCommitted(Block block)
    {
        using var batch = _store.CreateBatch();
        var total = ReadTotal();
        if (BlobSidecars.BlobCount(block) != 0 && BlobSidecars.Of(block) is { } sidecars)
        {
            var encoded = Canonical.Encode(sidecars);
            var key = Key(block.Height);
            // Stored already (the same commit seen again): replace it in the total, do not count it twice.
            if (_store.Get(Column.Blobs, key) is { } previous) total -= previous.Length;
            batch.Put(Column.Blobs, key, encoded);
            total += encoded.Length;
        }
        // Below the kept window, then oldest first while over the budget; the block just committed always stays.
        foreach (var (key, value) in _store.Iterate(Column.Blobs, [CommittedPrefix]))
        {
            var height = BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1));
            if (height >= block.Height) break;
            var outside = block.Height - height >= _kept;
            if (!outside && total <= _maxBytes) break;
            batch.Delete(Column.Blobs, key);
            total -= value.Length;
        }
        var totalBytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(totalBytes, total);
        batch.Put(Column.Blobs, TotalKey, totalBytes);
        _store.Write(batch, sync: false);
        StoredBytes = total;
    }

    /// <summary>The stored total, or (a store written before the total was kept) the sum over what is stored.</summary>
    private long ReadTotal()
    {
        if (_store.Get(Column.Blobs, TotalKey) is { Length: 8 } bytes) return BinaryPrimitives.ReadInt64BigEndian(bytes);
        long total = 0;
        foreach (var (_, value) in _store.Iterate(Column.Blobs, [CommittedPrefix])) total += value.Length;
        return total;
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
