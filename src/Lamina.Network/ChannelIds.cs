namespace Lamina.Network;

/// <summary>
/// Suggested channel numbers for the node. The network attaches no meaning to them beyond their size limits;
/// channel 0 is reserved for the network's own control messages (handshake, ping).
/// </summary>
public static class ChannelIds
{
    public const byte Control = 0;
    public const byte Transactions = 1;
    public const byte BlockParts = 2;
    public const byte Votes = 3;
    public const byte Evidence = 4;
    public const byte BlockSync = 5;
    /// <summary>A proposer's blob sidecars, pushed beside its proposal.</summary>
    public const byte BlobSidecars = 33;
    /// <summary>Requests for a block's blob sidecars (request/response).</summary>
    public const byte BlobSidecarRequests = 34;
    /// <summary>Bad-encoding fraud proofs (push).</summary>
    public const byte BadEncodingProofs = 35;
}
