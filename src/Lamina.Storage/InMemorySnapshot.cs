namespace Lamina.Storage;

/// <summary>A captured <see cref="InMemoryState"/>; holding it costs nothing but the memory it shares.</summary>
internal sealed class InMemorySnapshot : IKeyValueSnapshot
{
    private readonly InMemoryStore _owner;
    private InMemoryState? _state;

    public InMemorySnapshot(InMemoryStore owner, InMemoryState state)
    {
        _owner = owner;
        _state = state;
    }

    // Like a RocksDB snapshot, it dies with its store.
    private InMemoryState State =>
        _owner.IsDisposed || _state is null ? throw new ObjectDisposedException(nameof(IKeyValueSnapshot)) : _state;

    public byte[]? Get(Column column, ReadOnlySpan<byte> key) => State.Get(column, key);

    public bool Contains(Column column, ReadOnlySpan<byte> key) => State.Contains(column, key);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null) =>
        EndWithStore(State.Iterate(column, prefix, from));

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null) =>
        EndWithStore(State.IterateBackward(column, prefix));

    private IEnumerable<KeyValuePair<byte[], byte[]>> EndWithStore(IEnumerable<KeyValuePair<byte[], byte[]>> scan)
    {
        foreach (var entry in scan)
        {
            ObjectDisposedException.ThrowIf(_owner.IsDisposed, _owner);
            yield return entry;
        }
    }

    public void Dispose() => _state = null;
}
