using RocksDbSharp;
using static Lamina.Storage.Tests.Bytes;

namespace Lamina.Storage.Tests;

/// <summary>What only an on-disk store has: persistence, locking, on-disk layout and open errors.</summary>
public sealed class RocksDbStoreLifecycleTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private RocksDbStore Open(string name) => RocksDbStore.Open(_root.Sub(name), RocksDbStoreTests.TestOptions);

    [Fact]
    public void Data_survives_close_and_reopen_in_every_column()
    {
        using (var store = Open("db"))
        {
            using var batch = store.CreateBatch();
            foreach (var column in Enum.GetValues<Column>())
                batch.Put(column, Utf8("k"), Utf8(column.ToString()));
            store.Write(batch, sync: true);
            using var unsynced = store.CreateBatch();
            unsynced.Put(Column.Meta, Utf8("async"), Utf8("still in the WAL"));
            store.Write(unsynced, sync: false);
        }

        using (var reopened = Open("db"))
        {
            foreach (var column in Enum.GetValues<Column>())
                Assert.Equal(Utf8(column.ToString()), reopened.Get(column, Utf8("k")));
            Assert.Equal(Utf8("still in the WAL"), reopened.Get(Column.Meta, Utf8("async")));
        }
    }

    [Fact]
    public void Reads_are_exact_once_data_is_in_sst_files()
    {
        // Reopening replays the WAL into an SST file, so lookups go through bloom filters; a ~1% false-positive
        // rate must never show through Contains or Get.
        using (var store = Open("db"))
        {
            using var batch = store.CreateBatch();
            for (int i = 0; i < 5_000; i++) batch.Put(Column.StateNodes, BitConverter.GetBytes(i * 2), [1]);
            store.Write(batch);
        }

        using var reopened = Open("db");
        Assert.NotEmpty(Directory.GetFiles(reopened.Path, "*.sst"));
        for (int i = 0; i < 5_000; i++)
        {
            Assert.True(reopened.Contains(Column.StateNodes, BitConverter.GetBytes(i * 2)));
            Assert.False(reopened.Contains(Column.StateNodes, BitConverter.GetBytes(i * 2 + 1)));
            Assert.Null(reopened.Get(Column.StateNodes, BitConverter.GetBytes(i * 2 + 1)));
        }
        Assert.Equal(5_000, reopened.Iterate(Column.StateNodes).Count());
        Assert.NotNull(reopened.GetProperty("rocksdb.estimate-num-keys", Column.StateNodes));
        Assert.NotNull(reopened.GetProperty("rocksdb.stats"));
    }

    [Fact]
    public void Opens_with_the_default_options_and_creates_missing_parent_directories()
    {
        string path = _root.Sub(Path.Combine("nested", "deeper", "db"));
        using var store = RocksDbStore.Open(path);
        Assert.Equal(Path.GetFullPath(path), store.Path);
        Assert.True(File.Exists(Path.Combine(path, "CURRENT")));
    }

    [Fact]
    public void Column_families_are_named_after_the_enum()
    {
        string path = _root.Sub("db");
        Open("db").Dispose();

        var names = RocksDb.ListColumnFamilies(new DbOptions(), path).Order(StringComparer.Ordinal).ToArray();
        string[] expected = [.. Enum.GetNames<Column>().Append("default").Order(StringComparer.Ordinal)];
        Assert.Equal(expected, names);
    }

    [Fact]
    public void Opening_a_directory_already_in_use_throws_a_clear_storage_exception()
    {
        using var first = Open("db");

        var ex = Assert.Throws<StorageException>(() => Open("db"));

        Assert.Equal(StorageErrorKind.Locked, ex.Kind);
        Assert.Equal(first.Path, ex.Path);
        Assert.Contains("another lamina node is already using", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(first.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("--home", ex.Message, StringComparison.Ordinal);
        // The first store is unaffected.
        Assert.Null(first.Get(Column.Meta, Utf8("k")));
    }

    [Fact]
    public void The_directory_can_be_reopened_after_the_holder_disposes()
    {
        var first = Open("db");
        first.Dispose();
        using var second = Open("db");
        Assert.Null(second.Get(Column.Meta, Utf8("k")));
    }

    [Fact]
    public void Corrupted_database_throws_a_corruption_storage_exception()
    {
        Open("db").Dispose();
        File.WriteAllText(Path.Combine(_root.Sub("db"), "CURRENT"), "garbage-without-newline");

        var ex = Assert.Throws<StorageException>(() => Open("db"));

        Assert.Equal(StorageErrorKind.Corrupted, ex.Kind);
        Assert.Contains("corrupted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("backup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_where_the_directory_should_be_throws_a_storage_exception()
    {
        string path = _root.Sub("not-a-dir");
        File.WriteAllText(path, "x");

        var ex = Assert.Throws<StorageException>(() => RocksDbStore.Open(path, RocksDbStoreTests.TestOptions));
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Unknown_column_families_left_on_disk_do_not_prevent_opening()
    {
        string path = _root.Sub("db");
        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        var families = new ColumnFamilies { { "FromTheFuture", new ColumnFamilyOptions() } };
        using (var raw = RocksDb.Open(options, path, families))
            raw.Put(Utf8("x"), Utf8("y"), raw.GetColumnFamily("FromTheFuture"));

        using var store = Open("db");
        Put(store, Column.Blocks, Utf8("a"), Utf8("b"));
        Assert.Equal(Utf8("b"), store.Get(Column.Blocks, Utf8("a")));
    }

    private static void Put(IKeyValueStore store, Column column, byte[] key, byte[] value)
    {
        using var batch = store.CreateBatch();
        batch.Put(column, key, value);
        store.Write(batch);
    }
}
