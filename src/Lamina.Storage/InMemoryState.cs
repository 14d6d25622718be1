using System.Collections.Immutable;

namespace Lamina.Storage;

/// <summary>
/// One immutable version of an <see cref="InMemoryStore"/>: a persistent sorted set per column.
/// Because nothing in it ever changes, a snapshot is just a reference to a state, and readers need no lock.
/// </summary>
/// <remarks>
/// <see cref="ImmutableSortedSet{T}"/> (an AVL tree) rather than a sorted dictionary, because it offers
/// binary search to an index and O(log n) indexing, which make "seek to key" and backward scans cheap.
/// </remarks>
internal sealed class InMemoryState : IKeyValueReader
{
    public static readonly IComparer<KeyValuePair<byte[], byte[]>> EntryComparer = new KeyOnlyComparer();

    public static readonly InMemoryState Empty = new(CreateEmptyColumns());

    private readonly ImmutableSortedSet<KeyValuePair<byte[], byte[]>>[] _columns;

    public InMemoryState(ImmutableSortedSet<KeyValuePair<byte[], byte[]>>[] columns)
    {
        _columns = columns;
    }

    /// <summary>The entries of one column, for building the next state.</summary>
    public ImmutableSortedSet<KeyValuePair<byte[], byte[]>> Column(int index) => _columns[index];

    /// <summary>A copy of the column array, for building the next state.</summary>
    public ImmutableSortedSet<KeyValuePair<byte[], byte[]>>[] CopyColumns() => (ImmutableSortedSet<KeyValuePair<byte[], byte[]>>[])_columns.Clone();

    public static KeyValuePair<byte[], byte[]> Probe(byte[] key) => new(key, []);

    public byte[]? Get(Column column, ReadOnlySpan<byte> key)
    {
        var set = _columns[Columns.IndexOf(column)];
        // Values are copied out: RocksDB hands each caller a fresh array, and callers may mutate what they get.
        return set.TryGetValue(Probe(key.ToArray()), out var found) ? (byte[])found.Value.Clone() : null;
    }

    public bool Contains(Column column, ReadOnlySpan<byte> key) =>
        _columns[Columns.IndexOf(column)].Contains(Probe(key.ToArray()));

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null)
    {
        var set = _columns[Columns.IndexOf(column)];
        return IterateCore(set, prefix ?? [], from);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null)
    {
        var set = _columns[Columns.IndexOf(column)];
        return IterateBackwardCore(set, prefix ?? []);
    }

    private static IEnumerable<KeyValuePair<byte[], byte[]>> IterateCore(
        ImmutableSortedSet<KeyValuePair<byte[], byte[]>> set, byte[] prefix, byte[]? from)
    {
        int index = set.IndexOf(Probe(KeyRange.ForwardStart(prefix, from)));
        if (index < 0) index = ~index;
        for (; index < set.Count; index++)
        {
            var entry = set[index];
            if (!KeyRange.HasPrefix(entry.Key, prefix)) yield break;
            yield return Copy(entry);
        }
    }

    private static IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackwardCore(
        ImmutableSortedSet<KeyValuePair<byte[], byte[]>> set, byte[] prefix)
    {
        byte[]? upper = KeyRange.PrefixUpperBound(prefix);
        int index;
        if (upper is null)
        {
            index = set.Count - 1;
        }
        else
        {
            // Last entry strictly below the upper bound.
            index = set.IndexOf(Probe(upper));
            index = index >= 0 ? index - 1 : ~index - 1;
        }
        for (; index >= 0; index--)
        {
            var entry = set[index];
            if (!KeyRange.HasPrefix(entry.Key, prefix)) yield break;
            yield return Copy(entry);
        }
    }

    private static KeyValuePair<byte[], byte[]> Copy(KeyValuePair<byte[], byte[]> entry) =>
        new((byte[])entry.Key.Clone(), (byte[])entry.Value.Clone());

    private static ImmutableSortedSet<KeyValuePair<byte[], byte[]>>[] CreateEmptyColumns()
    {
        var empty = ImmutableSortedSet.Create(EntryComparer);
        var columns = new ImmutableSortedSet<KeyValuePair<byte[], byte[]>>[Columns.Count];
        Array.Fill(columns, empty);
        return columns;
    }

    /// <summary>Entries are identified by key alone, in memcmp order; the value rides along.</summary>
    private sealed class KeyOnlyComparer : IComparer<KeyValuePair<byte[], byte[]>>
    {
        public int Compare(KeyValuePair<byte[], byte[]> x, KeyValuePair<byte[], byte[]> y) =>
            ByteArrayComparer.Instance.Compare(x.Key, y.Key);
    }
}
