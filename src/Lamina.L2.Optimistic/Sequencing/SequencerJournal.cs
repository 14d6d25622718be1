using System.Buffers.Binary;
using Lamina.L2.Optimistic.Chain;
using Lamina.Storage;

namespace Lamina.L2.Optimistic.Sequencing;

/// <summary>
/// What the sequencer must not forget across a crash, in the node's store (column <see cref="Column.Rollup"/>), each
/// write synced before the sequencer answers: every accepted transaction before its soft confirmation, every built
/// block, and every channel before any of its blobs is posted, so that after a restart the same channel is reposted
/// for the same range and never a different one. Keys: "op" ‖ kind ‖ big-endian u64.
/// </summary>
public sealed class SequencerJournal(IKeyValueStore store)
{
    private const byte Pending = (byte)'p', Block = (byte)'b', Channel = (byte)'c', Meta = (byte)'m';
    private static readonly byte[] PostedKey = Key(Meta, 0);

    private static byte[] Key(byte kind, ulong n)
    {
        var key = new byte[11];
        key[0] = (byte)'o';
        key[1] = (byte)'p';
        key[2] = kind;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(3), n);
        return key;
    }

    private static byte[] Prefix(byte kind) => [(byte)'o', (byte)'p', kind];

    public void Accept(ulong sequence, OptimisticBatchItem item) => Accept([(sequence, item)]);

    /// <summary>Journals a batch of accepted transactions with one synced write (group commit: one fsync per admitted batch).</summary>
    public void Accept(IReadOnlyList<(ulong Sequence, OptimisticBatchItem Item)> accepted)
    {
        if (accepted.Count == 0) return;
        using var batch = store.CreateBatch();
        foreach (var (sequence, item) in accepted) batch.Put(Column.Rollup, Key(Pending, sequence), L2Transaction.FromSequenced(item).Encode());
        store.Write(batch, sync: true);
    }

    /// <summary>Stores a built block and forgets the pending transactions it settled, atomically.</summary>
    public void BlockBuilt(L2Block block, IEnumerable<ulong> settledSequences)
    {
        using var batch = store.CreateBatch();
        batch.Put(Column.Rollup, Key(Block, block.Header.Number), block.Encode());
        foreach (var sequence in settledSequences) batch.Delete(Column.Rollup, Key(Pending, sequence));
        store.Write(batch, sync: true);
    }

    /// <summary>Forgets pending transactions that were dropped without a block (they no longer applied at a restart), atomically.</summary>
    public void Forget(IReadOnlyCollection<ulong> sequences)
    {
        if (sequences.Count == 0) return;
        using var batch = store.CreateBatch();
        foreach (var sequence in sequences) batch.Delete(Column.Rollup, Key(Pending, sequence));
        store.Write(batch, sync: true);
    }

    public void ChannelPrepared(PreparedChannel channel)
    {
        var value = new byte[8 + channel.Channel.Length];
        BinaryPrimitives.WriteUInt64BigEndian(value, channel.LastBlock);
        channel.Channel.CopyTo(value, 8);
        using var batch = store.CreateBatch();
        batch.Put(Column.Rollup, Key(Channel, channel.FirstBlock), value);
        store.Write(batch, sync: true);
    }

    public void ChannelPosted(ulong lastBlock)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, lastBlock);
        using var batch = store.CreateBatch();
        batch.Put(Column.Rollup, PostedKey, value);
        store.Write(batch, sync: true);
    }

    /// <summary>
    /// After a reorg onto derivation: the blocks from <paramref name="from"/> up to <paramref name="oldHead"/> are replaced
    /// by <paramref name="blocks"/>, everything through <paramref name="posted"/> counts as posted, and channels prepared
    /// for the replaced blocks are forgotten (they must never be posted now), atomically.
    /// </summary>
    public void Reorg(ulong from, ulong oldHead, IReadOnlyList<L2Block> blocks, ulong posted)
    {
        using var batch = store.CreateBatch();
        for (var n = from; n <= oldHead; n++)
        {
            batch.Delete(Column.Rollup, Key(Block, n));
            batch.Delete(Column.Rollup, Key(Channel, n));
        }
        foreach (var block in blocks) batch.Put(Column.Rollup, Key(Block, block.Header.Number), block.Encode());
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, posted);
        batch.Put(Column.Rollup, PostedKey, value);
        store.Write(batch, sync: true);
    }

    public ulong Posted => store.Get(Column.Rollup, PostedKey) is { } v ? BinaryPrimitives.ReadUInt64BigEndian(v) : 0;

    public IEnumerable<L2Block> Blocks()
    {
        foreach (var (_, value) in store.Iterate(Column.Rollup, Prefix(Block))) yield return L2Block.Decode(value);
    }

    public IEnumerable<(ulong Sequence, OptimisticBatchItem Item)> PendingTransactions()
    {
        foreach (var (key, value) in store.Iterate(Column.Rollup, Prefix(Pending)))
            yield return (BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(3)), L2Transaction.Decode(value).Item);
    }

    /// <summary>The channel prepared for the range starting at <paramref name="firstBlock"/>, if any.</summary>
    public (ulong LastBlock, byte[] Channel)? PreparedChannel(ulong firstBlock) =>
        store.Get(Column.Rollup, Key(Channel, firstBlock)) is { } v ? (BinaryPrimitives.ReadUInt64BigEndian(v), v[8..]) : null;
}
