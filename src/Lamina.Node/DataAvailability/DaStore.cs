using System.Buffers.Binary;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;
using Lamina.Storage;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// A DA node's shares on the node's store (RocksDB in a node), in the <see cref="Column.Blobs"/> column family:
/// per block with blobs, its <see cref="DaSquareRecord"/> and the 2k shares of each custody column, written in one
/// atomic batch; and the height below which everything was pruned. Keys are big-endian, so a prefix scan walks
/// heights in order:
/// <code>
/// 's' ‖ height (u64)                 → DaSquareRecord
/// 'c' ‖ height (u64) ‖ column (u16)  → the column's 2k shares, top to bottom (2k × 512 bytes)
/// 'p'                                → pruned-below height (u64): no height under it is held any more
/// </code>
/// </summary>
public sealed class DaStore(IKeyValueStore store)
{
    private const byte SquarePrefix = (byte)'s';
    private const byte ColumnPrefix = (byte)'c';
    private static readonly byte[] PrunedKey = [(byte)'p'];

    /// <summary>Stores a square's record and the given columns (each 2k × 512 bytes), atomically.</summary>
    public void Put(DaSquareRecord record, IReadOnlyList<(int Column, byte[] Shares)> columns)
    {
        var width = record.Header.Width;
        using var batch = store.CreateBatch();
        batch.Put(Column.Blobs, SquareKey(record.Height), Canonical.Encode(record));
        foreach (var (column, shares) in columns)
        {
            if ((uint)column >= (uint)width) throw new ArgumentOutOfRangeException(nameof(columns), $"column {column} is outside a {width}-wide square");
            if (shares.Length != width * Share.Size) throw new ArgumentException($"column {column} holds {shares.Length} bytes, not {width} shares", nameof(columns));
            batch.Put(Column.Blobs, ColumnKey(record.Height, column), shares);
        }
        store.Write(batch, sync: false);
    }

    /// <summary>The square record at <paramref name="height"/>, or null when none is held.</summary>
    public DaSquareRecord? GetSquare(ulong height)
    {
        var bytes = store.Get(Column.Blobs, SquareKey(height));
        if (bytes is null) return null;
        var record = Canonical.Decode<DaSquareRecord>(bytes);
        if (record.Height != height) throw new StorageException(StorageErrorKind.Corrupted, $"the DA square stored under height {height} says height {record.Height}");
        return record;
    }

    /// <summary>The 2k shares of <paramref name="column"/> at <paramref name="height"/>, or null when this node does not hold them.</summary>
    public byte[]? GetColumn(ulong height, int column) => store.Get(Column.Blobs, ColumnKey(height, column));

    /// <summary>The columns held at <paramref name="height"/>, ascending.</summary>
    public List<int> HeldColumns(ulong height)
    {
        var columns = new List<int>();
        foreach (var (key, _) in store.Iterate(Column.Blobs, HeightPrefix(ColumnPrefix, height))) columns.Add(BinaryPrimitives.ReadUInt16BigEndian(key.AsSpan(9)));
        return columns;
    }

    /// <summary>The highest height with a square held, or null.</summary>
    public ulong? LatestHeight()
    {
        foreach (var (key, _) in store.IterateBackward(Column.Blobs, [SquarePrefix])) return BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1));
        return null;
    }

    /// <summary>Every height below this one was pruned (0 when nothing was).</summary>
    public ulong PrunedBelow => store.Get(Column.Blobs, PrunedKey) is { Length: 8 } bytes ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : 0;

    /// <summary>
    /// Deletes every square and column below <paramref name="height"/> and records the new floor, atomically.
    /// Returns how many squares went. A lower floor than the current one changes nothing.
    /// </summary>
    public int PruneBelow(ulong height)
    {
        if (height <= PrunedBelow) return 0;
        using var batch = store.CreateBatch();
        var squares = 0;
        foreach (var (key, _) in store.Iterate(Column.Blobs, [SquarePrefix]))
        {
            if (BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1)) >= height) break;
            batch.Delete(Column.Blobs, key);
            squares++;
        }
        foreach (var (key, _) in store.Iterate(Column.Blobs, [ColumnPrefix]))
        {
            if (BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1)) >= height) break;
            batch.Delete(Column.Blobs, key);
        }
        var floor = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(floor, height);
        batch.Put(Column.Blobs, PrunedKey, floor);
        store.Write(batch, sync: false);
        return squares;
    }

    private static byte[] SquareKey(ulong height) => HeightPrefix(SquarePrefix, height);

    private static byte[] ColumnKey(ulong height, int column)
    {
        var key = new byte[11];
        key[0] = ColumnPrefix;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        BinaryPrimitives.WriteUInt16BigEndian(key.AsSpan(9), checked((ushort)column));
        return key;
    }

    private static byte[] HeightPrefix(byte prefix, ulong height)
    {
        var key = new byte[9];
        key[0] = prefix;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        return key;
    }
}
