namespace Lamina.Core.Merkle;

/// <summary>A node store in a dictionary: for tests, benchmarks and as the write buffer of a block.</summary>
public sealed class InMemorySmtNodeStore : ISmtNodeStore
{
    private readonly Dictionary<Hash256, byte[]> _nodes = new();

    public int Count => _nodes.Count;
    public byte[]? GetNode(Hash256 hash) => _nodes.GetValueOrDefault(hash);
    public void PutNode(Hash256 hash, byte[] encoded) => _nodes[hash] = encoded;
}
