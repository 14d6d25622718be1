using Lamina.Core;
using Lamina.L1.Chain;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// What a DA node's RPC needs to know about the chain besides its own store: the highest height it knows to be
/// final, and whether a height it holds nothing of carries no blobs (so "noBlobs" and "notYetStored" differ).
/// </summary>
public interface IDaChainView
{
    ulong Head { get; }

    bool IsBlobFree(ulong height);
}

/// <summary>A DA node beside a full node or validator: the chain it follows.</summary>
public sealed class BlockchainDaView(Blockchain chain) : IDaChainView
{
    public ulong Head => chain.Height;

    public bool IsBlobFree(ulong height) => chain.Store.GetBlock(height) is { } block && block.Header.DataRoot == Hash256.Zero;
}
