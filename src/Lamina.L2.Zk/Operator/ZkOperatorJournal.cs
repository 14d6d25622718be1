using System.Buffers.Binary;
using Lamina.L2.Zk.Transactions;
using Lamina.Storage;

namespace Lamina.L2.Zk.Operator;

/// <summary>
/// What the ZK operator must not forget across a crash, in the node's store (column <see cref="Column.Rollup"/>,
/// keys "zk" ‖ kind ‖ big-endian u64), every write synced before the operator answers or sends: the operation log
/// (each accepted user transaction and each priority operation read from L1, by sequence number, in the order they
/// were applied to the pending state), the batches (<see cref="ZkStoredBatch"/>: plan, then proven submission) and
/// the signed L1 transaction last sent for each batch (<see cref="SaveSentTransaction"/>).
/// The log is kept whole, so the state can be rebuilt from it alone.
/// </summary>
public sealed class ZkOperatorJournal(IKeyValueStore store)
{
    private const byte Op = (byte)'o', Batch = (byte)'b', SentTx = (byte)'t';

    private static byte[] Key(byte kind, ulong n)
    {
        var key = new byte[11];
        key[0] = (byte)'z';
        key[1] = (byte)'k';
        key[2] = kind;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(3), n);
        return key;
    }

    private static byte[] Prefix(byte kind) => [(byte)'z', (byte)'k', kind];

    /// <summary>Journals operations with one synced write.</summary>
    public void Append(IReadOnlyList<(ulong Sequence, ZkTransaction Tx)> ops)
    {
        if (ops.Count == 0) return;
        using var batch = store.CreateBatch();
        foreach (var (sequence, tx) in ops) batch.Put(Column.Rollup, Key(Op, sequence), tx.Encode());
        store.Write(batch, sync: true);
    }

    public void SaveBatch(ZkStoredBatch record)
    {
        using var batch = store.CreateBatch();
        batch.Put(Column.Rollup, Key(Batch, record.Number), record.Encode());
        store.Write(batch, sync: true);
    }

    /// <summary>The logged operations from <paramref name="fromSequence"/> on, in order.</summary>
    public IEnumerable<(ulong Sequence, ZkTransaction Tx)> Ops(ulong fromSequence = 0)
    {
        foreach (var (key, value) in store.Iterate(Column.Rollup, Prefix(Op), Key(Op, fromSequence)))
            yield return (BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(3)), ZkTransaction.Decode(value));
    }

    public IEnumerable<ZkStoredBatch> Batches()
    {
        foreach (var (_, value) in store.Iterate(Column.Rollup, Prefix(Batch))) yield return ZkStoredBatch.Decode(value);
    }

    /// <summary>
    /// The signed L1 transaction (network form) last sent for batch <paramref name="number"/>, journaled before it is
    /// sent, so a restart resends it, or reuses its nonce, instead of signing the batch again with a new nonce.
    /// </summary>
    public void SaveSentTransaction(ulong number, byte[] networkForm)
    {
        using var batch = store.CreateBatch();
        batch.Put(Column.Rollup, Key(SentTx, number), networkForm);
        store.Write(batch, sync: true);
    }

    public byte[]? SentTransaction(ulong number) => store.Get(Column.Rollup, Key(SentTx, number));

    public ZkStoredBatch? GetBatch(ulong number) => store.Get(Column.Rollup, Key(Batch, number)) is { } v ? ZkStoredBatch.Decode(v) : null;
}
