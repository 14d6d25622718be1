namespace Lamina.Consensus;

/// <summary>A WAL in memory, for tests and simulation (the object outlives a simulated crash).</summary>
public sealed class InMemoryConsensusWal : IConsensusWal
{
    private readonly List<WalEntry> _entries = [];

    public int Count => _entries.Count;
    public void Append(WalEntry entry) => _entries.Add(entry);
    public void Append(WalEntry entry, bool durable) => _entries.Add(entry);
    public IReadOnlyList<WalEntry> ReadAll() => _entries.ToArray();
    public void TruncateBelow(ulong height) => _entries.RemoveAll(e => e.Height < height);
}
