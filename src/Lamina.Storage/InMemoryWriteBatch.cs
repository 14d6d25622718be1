namespace Lamina.Storage;

/// <summary>
/// Buffered operations for <see cref="InMemoryStore"/>. Keys and values are copied on entry, as RocksDB's
/// batch does, so callers may reuse their buffers. Not thread-safe.
/// </summary>
internal sealed class InMemoryWriteBatch : IWriteBatch
{
    private List<Operation>? _operations = [];

    public InMemoryWriteBatch(InMemoryStore owner)
    {
        Owner = owner;
    }

    public InMemoryStore Owner { get; }

    public int Count => Operations.Count;

    internal List<Operation> Operations => _operations ?? throw new ObjectDisposedException(nameof(IWriteBatch));

    public void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        Operations.Add(new Operation(Columns.IndexOf(column), key.ToArray(), value.ToArray()));

    public void Delete(Column column, ReadOnlySpan<byte> key) =>
        Operations.Add(new Operation(Columns.IndexOf(column), key.ToArray(), null));

    public void Dispose() => _operations = null;

    /// <summary>A put (value set) or a delete (value null).</summary>
    internal readonly record struct Operation(int Column, byte[] Key, byte[]? Value);
}
