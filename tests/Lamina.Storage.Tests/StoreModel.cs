namespace Lamina.Storage.Tests;

/// <summary>The obviously-correct reference a store is compared against: one sorted dictionary per column.</summary>
internal sealed class StoreModel
{
    private readonly Dictionary<Column, SortedDictionary<byte[], byte[]>> _columns = [];

    public SortedDictionary<byte[], byte[]> Column(Column column)
    {
        if (!_columns.TryGetValue(column, out var entries))
            _columns[column] = entries = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        return entries;
    }

    public StoreModel Clone()
    {
        var copy = new StoreModel();
        foreach (var (column, entries) in _columns)
            copy._columns[column] = new SortedDictionary<byte[], byte[]>(entries, ByteArrayComparer.Instance);
        return copy;
    }

    public List<string> Scan(Column column, byte[] prefix, byte[]? from, bool backward)
    {
        var result = new List<string>();
        foreach (var (key, value) in Column(column))
        {
            if (!key.AsSpan().StartsWith(prefix)) continue;
            if (from is not null && key.AsSpan().SequenceCompareTo(from) < 0) continue;
            result.Add(Render(key, value));
        }
        if (backward) result.Reverse();
        return result;
    }

    public static string Render(byte[] key, byte[] value) => Convert.ToHexString(key) + "=" + Convert.ToHexString(value);

    public static List<string> Render(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        var result = new List<string>();
        foreach (var (key, value) in entries) result.Add(Render(key, value));
        return result;
    }
}
