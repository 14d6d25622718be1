using static Lamina.Storage.Tests.Bytes;

namespace Lamina.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IKeyValueStore"/> backend must share. Each backend subclasses this once,
/// so RocksDB and the in-memory store pass exactly the same tests.
/// </summary>
public abstract partial class KeyValueStoreContract : IDisposable
{
    private readonly List<IKeyValueStore> _stores = [];
    private IKeyValueStore? _store;

    /// <summary>Creates a fresh, empty store; the suite disposes it.</summary>
    protected abstract IKeyValueStore CreateEmptyStore();

    /// <summary>The default store of a test.</summary>
    protected IKeyValueStore Store => _store ??= NewStore();

    protected IKeyValueStore NewStore()
    {
        var store = CreateEmptyStore();
        lock (_stores) _stores.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        lock (_stores)
        {
            foreach (var store in _stores) store.Dispose();
            _stores.Clear();
        }
        GC.SuppressFinalize(this);
    }

    protected static void Put(IKeyValueStore store, Column column, byte[] key, byte[] value, bool sync = false)
    {
        using var batch = store.CreateBatch();
        batch.Put(column, key, value);
        store.Write(batch, sync);
    }

    protected static void Delete(IKeyValueStore store, Column column, byte[] key)
    {
        using var batch = store.CreateBatch();
        batch.Delete(column, key);
        store.Write(batch, sync: false);
    }

    [Fact]
    public void Put_then_get_returns_the_value()
    {
        Put(Store, Column.Blocks, Utf8("a"), Utf8("one"), sync: true);

        Assert.Equal(Utf8("one"), Store.Get(Column.Blocks, Utf8("a")));
        Assert.True(Store.Contains(Column.Blocks, Utf8("a")));
    }

    [Fact]
    public void Missing_key_is_null_and_not_contained()
    {
        Put(Store, Column.Blocks, Utf8("a"), Utf8("one"));

        Assert.Null(Store.Get(Column.Blocks, Utf8("b")));
        Assert.False(Store.Contains(Column.Blocks, Utf8("b")));
        Assert.Null(Store.Get(Column.Blocks, Utf8("aa")));
        Assert.Empty(Store.Iterate(Column.Receipts));
    }

    [Fact]
    public void Overwrite_replaces_and_delete_removes()
    {
        Put(Store, Column.Meta, Utf8("k"), Utf8("v1"));
        Put(Store, Column.Meta, Utf8("k"), Utf8("v2"));
        Assert.Equal(Utf8("v2"), Store.Get(Column.Meta, Utf8("k")));

        Delete(Store, Column.Meta, Utf8("k"));
        Assert.Null(Store.Get(Column.Meta, Utf8("k")));
        Assert.False(Store.Contains(Column.Meta, Utf8("k")));
        Assert.Empty(Store.Iterate(Column.Meta));

        Delete(Store, Column.Meta, Utf8("never-there")); // deleting an absent key is a no-op
    }

    [Fact]
    public void Columns_are_isolated()
    {
        foreach (var column in Enum.GetValues<Column>())
            Put(Store, column, Utf8("same-key"), Utf8(column.ToString()));

        foreach (var column in Enum.GetValues<Column>())
        {
            Assert.Equal(Utf8(column.ToString()), Store.Get(column, Utf8("same-key")));
            Assert.Single(Store.Iterate(column));
        }

        Delete(Store, Column.Blocks, Utf8("same-key"));
        Assert.Null(Store.Get(Column.Blocks, Utf8("same-key")));
        Assert.Equal(Utf8("Receipts"), Store.Get(Column.Receipts, Utf8("same-key")));
    }

    [Fact]
    public void Batch_is_invisible_until_written_then_fully_visible()
    {
        Put(Store, Column.Blocks, Utf8("old"), Utf8("x"));
        using var batch = Store.CreateBatch();
        batch.Put(Column.Blocks, Utf8("a"), Utf8("1"));
        batch.Put(Column.BlockByHeight, Utf8("b"), Utf8("2"));
        batch.Delete(Column.Blocks, Utf8("old"));
        Assert.Equal(3, batch.Count);

        Assert.Null(Store.Get(Column.Blocks, Utf8("a")));
        Assert.Null(Store.Get(Column.BlockByHeight, Utf8("b")));
        Assert.Equal(Utf8("x"), Store.Get(Column.Blocks, Utf8("old")));

        Store.Write(batch);

        Assert.Equal(Utf8("1"), Store.Get(Column.Blocks, Utf8("a")));
        Assert.Equal(Utf8("2"), Store.Get(Column.BlockByHeight, Utf8("b")));
        Assert.Null(Store.Get(Column.Blocks, Utf8("old")));
    }

    [Fact]
    public void Empty_batch_writes_nothing()
    {
        using var batch = Store.CreateBatch();
        Assert.Equal(0, batch.Count);
        Store.Write(batch, sync: true);
        Assert.Empty(Store.Iterate(Column.Blocks));
    }

    [Fact]
    public void Last_operation_on_a_key_in_a_batch_wins()
    {
        Put(Store, Column.Meta, Utf8("existing"), Utf8("e"));
        using var batch = Store.CreateBatch();
        batch.Put(Column.Meta, Utf8("k"), Utf8("first"));
        batch.Put(Column.Meta, Utf8("k"), Utf8("second"));
        batch.Put(Column.Meta, Utf8("put-then-delete"), Utf8("x"));
        batch.Delete(Column.Meta, Utf8("put-then-delete"));
        batch.Delete(Column.Meta, Utf8("delete-then-put"));
        batch.Put(Column.Meta, Utf8("delete-then-put"), Utf8("y"));
        batch.Delete(Column.Meta, Utf8("existing"));
        Store.Write(batch);

        Assert.Equal(Utf8("second"), Store.Get(Column.Meta, Utf8("k")));
        Assert.Null(Store.Get(Column.Meta, Utf8("put-then-delete")));
        Assert.Equal(Utf8("y"), Store.Get(Column.Meta, Utf8("delete-then-put")));
        Assert.Null(Store.Get(Column.Meta, Utf8("existing")));
        Assert.Equal(["64656C6574652D7468656E2D707574", "6B"], Keys(Store.Iterate(Column.Meta)));
    }

    [Fact]
    public void Batch_copies_caller_buffers_and_reads_return_private_copies()
    {
        byte[] key = Utf8("key");
        byte[] value = Utf8("value");
        using (var batch = Store.CreateBatch())
        {
            batch.Put(Column.Blocks, key, value);
            key[0] = (byte)'X';
            value[0] = (byte)'X';
            Store.Write(batch);
        }
        Assert.Equal(Utf8("value"), Store.Get(Column.Blocks, Utf8("key")));

        byte[] read = Store.Get(Column.Blocks, Utf8("key"))!;
        read[0] = 0;
        foreach (var entry in Store.Iterate(Column.Blocks))
        {
            entry.Key[0] = 0;
            entry.Value[0] = 0;
        }
        Assert.Equal(Utf8("value"), Store.Get(Column.Blocks, Utf8("key")));
    }

    [Fact]
    public void Empty_key_and_empty_value_are_ordinary_entries()
    {
        Put(Store, Column.Meta, [], Utf8("empty-key"));
        Put(Store, Column.Meta, Utf8("k"), []);
        Put(Store, Column.Meta, Of(0x00), Utf8("zero"));

        Assert.Equal(Utf8("empty-key"), Store.Get(Column.Meta, []));
        Assert.True(Store.Contains(Column.Meta, ReadOnlySpan<byte>.Empty));
        byte[]? empty = Store.Get(Column.Meta, Utf8("k"));
        Assert.NotNull(empty); // empty value is present, not missing
        Assert.Empty(empty);
        Assert.True(Store.Contains(Column.Meta, Utf8("k")));
        Assert.Equal(["", "00", "6B"], Keys(Store.Iterate(Column.Meta)));

        Delete(Store, Column.Meta, []);
        Assert.Null(Store.Get(Column.Meta, []));
        Assert.Equal(["00", "6B"], Keys(Store.Iterate(Column.Meta)));
    }

    [Fact]
    public void Large_values_round_trip()
    {
        var big = new byte[1024 * 1024];
        new Random(42).NextBytes(big);
        Put(Store, Column.Blobs, Utf8("blob"), big, sync: true);

        Assert.Equal(big, Store.Get(Column.Blobs, Utf8("blob")));
        var only = Assert.Single(Store.Iterate(Column.Blobs));
        Assert.Equal(big, only.Value);
    }

    /// <summary>Keys chosen so that signed-byte or length-first comparison would order them differently.</summary>
    private static readonly byte[][] TrickyKeys =
    [
        [],
        [0x00],
        [0x00, 0x00],
        [0x00, 0xFF],
        [0x01],
        [0x7F],
        [0x7F, 0xFF, 0xFF],
        [0x80],
        [0x80, 0x00],
        [0xFE, 0xFF],
        [0xFF],
        [0xFF, 0x00],
        [0xFF, 0xFF],
        [0xFF, 0xFF, 0xFF],
    ];

    private void PutTrickyKeysShuffled(Column column)
    {
        var keys = (byte[][])TrickyKeys.Clone();
        new Random(7).Shuffle(keys);
        using var batch = Store.CreateBatch();
        foreach (var key in keys) batch.Put(column, key, [(byte)key.Length]);
        Store.Write(batch);
    }

    private static List<string> Expected(Func<byte[], bool> filter, bool backward = false)
    {
        var keys = new List<string>();
        foreach (var key in TrickyKeys)
            if (filter(key)) keys.Add(Hex(key));
        if (backward) keys.Reverse();
        return keys;
    }

    [Fact]
    public void Iteration_is_in_unsigned_byte_order()
    {
        PutTrickyKeysShuffled(Column.StateNodes);

        Assert.Equal(Expected(_ => true), Keys(Store.Iterate(Column.StateNodes)));
        Assert.Equal(Expected(_ => true, backward: true), Keys(Store.IterateBackward(Column.StateNodes)));
        foreach (var entry in Store.Iterate(Column.StateNodes))
            Assert.Equal([(byte)entry.Key.Length], entry.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("7F")]
    [InlineData("80")]
    [InlineData("FF")]
    [InlineData("FFFF")]
    [InlineData("FFFFFF")]
    [InlineData("FE")]
    [InlineData("42")]
    public void Prefix_iteration_returns_exactly_the_prefixed_keys_in_both_directions(string prefixHex)
    {
        PutTrickyKeysShuffled(Column.TxIndex);
        byte[] prefix = Convert.FromHexString(prefixHex);

        Assert.Equal(Expected(k => k.AsSpan().StartsWith(prefix)), Keys(Store.Iterate(Column.TxIndex, prefix)));
        Assert.Equal(Expected(k => k.AsSpan().StartsWith(prefix), backward: true), Keys(Store.IterateBackward(Column.TxIndex, prefix)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("", "7F")]
    [InlineData("", "7F00")]
    [InlineData("", "FFFFFF00")]
    [InlineData("FF", "")]
    [InlineData("FF", "00")]          // from below the prefix: starts at the prefix
    [InlineData("FF", "FF01")]
    [InlineData("FF", "FFFF")]
    [InlineData("00", "01")]          // from above the prefix: nothing
    [InlineData("7F", "7FFFFF")]
    public void From_starts_at_the_first_key_at_or_after_it(string prefixHex, string fromHex)
    {
        PutTrickyKeysShuffled(Column.Receipts);
        byte[] prefix = Convert.FromHexString(prefixHex);
        byte[] from = Convert.FromHexString(fromHex);

        var expected = Expected(k => k.AsSpan().StartsWith(prefix) && k.AsSpan().SequenceCompareTo(from) >= 0);
        Assert.Equal(expected, Keys(Store.Iterate(Column.Receipts, prefix, from)));
    }

    [Fact]
    public void Null_prefix_means_everything()
    {
        PutTrickyKeysShuffled(Column.Commits);
        Assert.Equal(TrickyKeys.Length, Store.Iterate(Column.Commits, null, null).Count());
        Assert.Equal(TrickyKeys.Length, Store.IterateBackward(Column.Commits, null).Count());
    }

    [Fact]
    public void Big_endian_heights_iterate_numerically_and_backward_finds_the_newest()
    {
        using (var batch = Store.CreateBatch())
        {
            foreach (ulong height in new ulong[] { 1, 255, 256, 65_536, 2, 1UL << 40 })
            {
                var key = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(key, height);
                batch.Put(Column.BlockByHeight, key, []);
            }
            Store.Write(batch);
        }

        var heights = Store.Iterate(Column.BlockByHeight)
            .Select(e => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(e.Key)).ToList();
        Assert.Equal([1UL, 2, 255, 256, 65_536, 1UL << 40], heights);
        var newest = Store.IterateBackward(Column.BlockByHeight).First();
        Assert.Equal(1UL << 40, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(newest.Key));
    }

    [Fact]
    public void Snapshot_does_not_see_later_writes()
    {
        Put(Store, Column.Blocks, Utf8("a"), Utf8("1"));
        Put(Store, Column.Blocks, Utf8("b"), Utf8("2"));
        using var snapshot = Store.CreateSnapshot();

        using (var batch = Store.CreateBatch())
        {
            batch.Put(Column.Blocks, Utf8("a"), Utf8("changed"));
            batch.Delete(Column.Blocks, Utf8("b"));
            batch.Put(Column.Blocks, Utf8("c"), Utf8("3"));
            batch.Put(Column.Meta, Utf8("m"), Utf8("4"));
            Store.Write(batch);
        }

        Assert.Equal(Utf8("1"), snapshot.Get(Column.Blocks, Utf8("a")));
        Assert.Equal(Utf8("2"), snapshot.Get(Column.Blocks, Utf8("b")));
        Assert.True(snapshot.Contains(Column.Blocks, Utf8("b")));
        Assert.Null(snapshot.Get(Column.Blocks, Utf8("c")));
        Assert.False(snapshot.Contains(Column.Meta, Utf8("m")));
        Assert.Equal(["61", "62"], Keys(snapshot.Iterate(Column.Blocks)));
        Assert.Equal(["62", "61"], Keys(snapshot.IterateBackward(Column.Blocks)));
        Assert.Equal(["62"], Keys(snapshot.Iterate(Column.Blocks, prefix: null, from: Utf8("b"))));
        Assert.Empty(snapshot.Iterate(Column.Meta));

        Assert.Equal(["61", "63"], Keys(Store.Iterate(Column.Blocks)));
        Assert.Equal(Utf8("changed"), Store.Get(Column.Blocks, Utf8("a")));
    }

    [Fact]
    public void Disposed_snapshot_refuses_reads_and_dispose_is_idempotent()
    {
        Put(Store, Column.Blocks, Utf8("a"), Utf8("1"));
        var snapshot = Store.CreateSnapshot();
        snapshot.Dispose();
        snapshot.Dispose();

        Assert.Throws<ObjectDisposedException>(() => snapshot.Get(Column.Blocks, Utf8("a")));
        Assert.Throws<ObjectDisposedException>(() => snapshot.Iterate(Column.Blocks).ToList());
        Assert.Equal(Utf8("1"), Store.Get(Column.Blocks, Utf8("a")));
    }

    [Fact]
    public void A_scan_sees_the_state_at_its_first_step()
    {
        Put(Store, Column.Blocks, Utf8("a"), Utf8("1"));
        Put(Store, Column.Blocks, Utf8("c"), Utf8("3"));

        var seen = new List<string>();
        foreach (var entry in Store.Iterate(Column.Blocks))
        {
            if (seen.Count == 0)
            {
                Put(Store, Column.Blocks, Utf8("b"), Utf8("2"));
                Delete(Store, Column.Blocks, Utf8("c"));
            }
            seen.Add(Hex(entry.Key));
        }

        Assert.Equal(["61", "63"], seen);
        Assert.Equal(["61", "62"], Keys(Store.Iterate(Column.Blocks)));
    }

    [Fact]
    public void Batch_from_another_store_is_rejected()
    {
        var other = NewStore();
        using var foreign = other.CreateBatch();
        foreign.Put(Column.Meta, Utf8("k"), Utf8("v"));

        Assert.Throws<ArgumentException>(() => Store.Write(foreign));
        Assert.Null(Store.Get(Column.Meta, Utf8("k")));
    }

    [Fact]
    public void Disposed_batch_cannot_be_used()
    {
        var batch = Store.CreateBatch();
        batch.Put(Column.Meta, Utf8("k"), Utf8("v"));
        batch.Dispose();
        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Store.Write(batch));
        Assert.Throws<ObjectDisposedException>(() => batch.Put(Column.Meta, Utf8("k"), Utf8("v")));
    }

    [Fact]
    public void Unknown_column_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Get((Column)200, Utf8("k")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Iterate((Column)200));
        using var batch = Store.CreateBatch();
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Put((Column)200, Utf8("k"), Utf8("v")));
    }

    [Fact]
    public void Dispose_is_idempotent_and_later_calls_throw()
    {
        var store = NewStore();
        Put(store, Column.Meta, Utf8("k"), Utf8("v"));
        var snapshot = store.CreateSnapshot();
        var batch = store.CreateBatch();
        batch.Put(Column.Meta, Utf8("k2"), Utf8("v"));

        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Get(Column.Meta, Utf8("k")));
        Assert.Throws<ObjectDisposedException>(() => store.Iterate(Column.Meta).ToList());
        Assert.Throws<ObjectDisposedException>(() => store.Write(batch));
        Assert.Throws<ObjectDisposedException>(() => store.CreateBatch());
        Assert.Throws<ObjectDisposedException>(() => store.CreateSnapshot());
        Assert.Throws<ObjectDisposedException>(() => snapshot.Get(Column.Meta, Utf8("k")));
        snapshot.Dispose(); // after the store: harmless
        batch.Dispose();
    }

    [Fact]
    public void Dispose_with_abandoned_enumerators_and_snapshots_is_safe()
    {
        var store = NewStore();
        using (var batch = store.CreateBatch())
        {
            for (int i = 0; i < 100; i++) batch.Put(Column.Blocks, [(byte)i], [(byte)i]);
            store.Write(batch);
        }
        var snapshot = store.CreateSnapshot();
        var live = store.Iterate(Column.Blocks).GetEnumerator();
        var viaSnapshot = snapshot.IterateBackward(Column.Blocks).GetEnumerator();
        Assert.True(live.MoveNext());
        Assert.True(viaSnapshot.MoveNext());

        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => live.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => viaSnapshot.MoveNext());
        live.Dispose();
        viaSnapshot.Dispose();
        snapshot.Dispose();
    }

    [Fact]
    public async Task Dispose_racing_with_readers_and_writers_does_not_crash()
    {
        var store = NewStore();
        Put(store, Column.Blocks, Utf8("k"), new byte[100]);
        using var stop = new CancellationTokenSource();
        int operations = 0;

        void Hammer(int seed)
        {
            var random = new Random(seed);
            try
            {
                while (true)
                {
                    switch (random.Next(4))
                    {
                        case 0: store.Get(Column.Blocks, Utf8("k")); break;
                        case 1: foreach (var _ in store.Iterate(Column.Blocks)) { } break;
                        case 2: Put(store, Column.Blocks, [(byte)random.Next(256)], [1]); break;
                        default: using (var s = store.CreateSnapshot()) s.Get(Column.Blocks, Utf8("k")); break;
                    }
                    Interlocked.Increment(ref operations);
                }
            }
            catch (ObjectDisposedException)
            {
                // expected once the store closes
            }
        }

        var workers = Enumerable.Range(0, 3).Select(i => Task.Run(() => Hammer(i))).ToArray();
        SpinWait.SpinUntil(() => Volatile.Read(ref operations) > 200, TimeSpan.FromSeconds(5));
        Parallel.Invoke(store.Dispose, store.Dispose);
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Concurrent_writers_all_land()
    {
        var store = Store; // resolve the lazy default store before going parallel
        Parallel.For(0, 4, writer =>
        {
            for (int i = 0; i < 50; i++)
                Put(store, Column.Consensus, [(byte)writer, (byte)i], [(byte)i]);
        });

        Assert.Equal(200, store.Iterate(Column.Consensus).Count());
        Assert.Equal(50, store.Iterate(Column.Consensus, [2]).Count());
    }
}
