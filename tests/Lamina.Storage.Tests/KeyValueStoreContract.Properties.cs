using CsCheck;

namespace Lamina.Storage.Tests;

public abstract partial class KeyValueStoreContract
{
    /// <summary>How many random histories the model test tries; backends that are slow to open lower it.</summary>
    protected virtual long PropertyIterations => 300;

    private static readonly Column[] ModelColumns = [Column.Meta, Column.Blocks];

    /// <summary>A put (Value set) or delete (Value null).</summary>
    public sealed record ModelOp(Column Column, byte[] Key, byte[]? Value)
    {
        public override string ToString() =>
            $"{(Value is null ? "del" : "put")} {Column} {Convert.ToHexString(Key)}{(Value is null ? "" : "=" + Convert.ToHexString(Value))}";
    }

    // A tiny alphabet of boundary bytes makes collisions, shared prefixes and sign-sensitive orderings frequent.
    private static readonly Gen<byte[]> GenKey = Gen.OneOfConst<byte>(0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF).Array[0, 3];

    private static readonly Gen<ModelOp> GenOp =
        Gen.Select(Gen.OneOfConst(ModelColumns), GenKey, Gen.Byte.Array[0, 3], Gen.Int[0, 3],
            (column, key, value, kind) => new ModelOp(column, key, kind == 0 ? null : value));

    private static readonly Gen<(ModelOp[][] Batches, int SnapshotAt, byte[][] Prefixes)> GenHistory =
        Gen.Select(GenOp.Array[0, 8].Array[1, 10], Gen.Int[0, 10], GenKey.Array[1, 4]);

    [Fact]
    public void Random_histories_match_a_sorted_dictionary_model()
    {
        // One store for all histories, emptied between them: opening a RocksDB per history costs more than the
        // history, and the tombstones left behind exercise scans that skip deleted entries.
        var store = Store;
        GenHistory.Sample(history =>
        {
            var (batches, snapshotAt, prefixes) = history;
            Clear(store);
            var model = new StoreModel();
            IKeyValueSnapshot? snapshot = null;
            StoreModel? snapshotModel = null;

            try
            {
                for (int i = 0; i < batches.Length; i++)
                {
                    if (i == snapshotAt)
                    {
                        snapshot = store.CreateSnapshot();
                        snapshotModel = model.Clone();
                    }
                    using var batch = store.CreateBatch();
                    foreach (var op in batches[i])
                    {
                        if (op.Value is null)
                        {
                            batch.Delete(op.Column, op.Key);
                            model.Column(op.Column).Remove(op.Key);
                        }
                        else
                        {
                            batch.Put(op.Column, op.Key, op.Value);
                            model.Column(op.Column)[op.Key] = op.Value;
                        }
                    }
                    store.Write(batch, sync: false);
                }

                AssertMatches(model, store, prefixes, batches);
                if (snapshot is not null) AssertMatches(snapshotModel!, snapshot, prefixes, batches);
            }
            finally
            {
                snapshot?.Dispose();
            }
        }, iter: PropertyIterations, threads: 1);
    }

    private static void Clear(IKeyValueStore store)
    {
        using var batch = store.CreateBatch();
        foreach (var column in ModelColumns)
            foreach (var entry in store.Iterate(column))
                batch.Delete(column, entry.Key);
        store.Write(batch, sync: false);
    }

    private static void AssertMatches(StoreModel model, IKeyValueReader reader, byte[][] prefixes, ModelOp[][] batches)
    {
        foreach (var column in ModelColumns)
        {
            Assert.Equal(model.Scan(column, [], null, backward: false), StoreModel.Render(reader.Iterate(column)));
            Assert.Equal(model.Scan(column, [], null, backward: true), StoreModel.Render(reader.IterateBackward(column)));
            foreach (var prefix in prefixes)
            {
                Assert.Equal(model.Scan(column, prefix, null, false), StoreModel.Render(reader.Iterate(column, prefix)));
                Assert.Equal(model.Scan(column, prefix, null, true), StoreModel.Render(reader.IterateBackward(column, prefix)));
                // Reuse the prefixes as starting points too: some fall inside, before and after the range.
                foreach (var from in prefixes)
                    Assert.Equal(model.Scan(column, prefix, from, false), StoreModel.Render(reader.Iterate(column, prefix, from)));
            }
            // Point reads of every key ever touched, present or deleted.
            foreach (var batch in batches)
            {
                foreach (var op in batch)
                {
                    if (op.Column != column) continue;
                    bool present = model.Column(column).TryGetValue(op.Key, out var expected);
                    Assert.Equal(present ? expected : null, reader.Get(column, op.Key));
                    Assert.Equal(present, reader.Contains(column, op.Key));
                }
            }
        }
    }
}
