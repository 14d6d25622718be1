using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.Storage;

namespace Lamina.L1.Chain;

/// <summary>
/// Reads state-tree nodes from the store. Writes never go here directly: they are buffered per block and
/// persisted in the block's atomic batch, so a crash can never leave half a state on disk.
/// </summary>
internal sealed class StoreNodeSource(IKeyValueReader reader) : ISmtNodeStore
{
    public byte[]? GetNode(Hash256 hash)
    {
        Span<byte> key = stackalloc byte[Hash256.Size];
        hash.CopyTo(key);
        return reader.Get(Column.StateNodes, key);
    }

    public void PutNode(Hash256 hash, byte[] encoded)
        => throw new InvalidOperationException("state nodes are written through a BufferedSmtNodeStore and the block's write batch");
}
