namespace Lamina.Core.Merkle;

/// <summary>Where sparse Merkle tree nodes live: content-addressed by node hash, so versions share structure.</summary>
public interface ISmtNodeStore
{
    /// <summary>The encoded node with this hash, or null when the store does not have it.</summary>
    byte[]? GetNode(Hash256 hash);

    /// <summary>Records a node. Stores may buffer these and persist them atomically with the block that made them.</summary>
    void PutNode(Hash256 hash, byte[] encoded);
}
