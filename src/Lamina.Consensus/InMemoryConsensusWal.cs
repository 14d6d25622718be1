namespace Lamina.Consensus;

/// <summary>
/// A WAL in memory, for tests and simulation (the object outlives a simulated crash). It models what a crash does to
/// the file: entries appended without <c>durable</c> and not flushed since are lost by <see cref="Crash"/>.
/// </summary>
public sealed class InMemoryConsensusWal : IConsensusWal
{
    private readonly List<WalEntry> _entries = [];
    private int _durableCount;

    public int Count => _entries.Count;
    public void Append(WalEntry entry) => Append(entry, durable: true);

    public void Append(WalEntry entry, bool durable)
    {
        _entries.Add(entry);
        if (durable) Flush();
    }

    public void Flush() => _durableCount = _entries.Count;
    public IReadOnlyList<WalEntry> ReadAll() => _entries.ToArray();

    public void TruncateBelow(ulong height)
    {
        _entries.RemoveAll(e => e.Height < height);
        _durableCount = _entries.Count; // the file is rewritten and fsynced
    }

    /// <summary>The process died: whatever was still in the write buffer is gone.</summary>
    public void Crash() => _entries.RemoveRange(_durableCount, _entries.Count - _durableCount);
}
