namespace Lamina.Core.Merkle;

/// <summary>A tree node the root refers to is not in the store: the data directory is incomplete or the root is unknown.</summary>
public sealed class MissingTreeNodeException(Hash256 hash)
    : Exception($"state tree node {hash} is missing; the root is unknown to this node or its data directory is damaged")
{
    public Hash256 NodeHash { get; } = hash;
}
