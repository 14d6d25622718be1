namespace Lamina.Network;

/// <summary>
/// What a node's jobs (consensus, block parts, transactions, evidence, block sync) need from the peer-to-peer network:
/// per-channel handlers, broadcast and send, request/response, and misbehaviour reports. <see cref="P2PNode"/> is the
/// real implementation; a simulation runs the same jobs over a fake one in virtual time.
/// </summary>
public interface IPeerNetwork
{
    /// <summary>This node's id.</summary>
    PeerId Id { get; }

    /// <summary>The peers connected now.</summary>
    IReadOnlyList<PeerInfo> Peers { get; }

    /// <summary>A peer finished its handshake (first connection or reconnection).</summary>
    event Action<PeerInfo>? PeerConnected;

    /// <summary>A peer's last connection ended (or was replaced by a newer one, which then raises <see cref="PeerConnected"/>).</summary>
    event Action<PeerInfo, DisconnectReason>? PeerDisconnected;

    /// <summary>Sets the handler of a one-way <paramref name="channel"/>; one peer's messages reach it in arrival order.</summary>
    void RegisterHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, ValueTask> handler);

    /// <summary>Sets the handler of a request/response <paramref name="channel"/>.</summary>
    void RegisterRequestHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler);

    /// <summary>Queues <paramref name="payload"/> for one peer; false if it is not connected or too slow.</summary>
    bool Send(PeerId peer, byte channel, ReadOnlySpan<byte> payload);

    /// <summary>Queues <paramref name="payload"/> for every connected peer but <paramref name="except"/>; returns how many took it.</summary>
    int Broadcast(byte channel, ReadOnlySpan<byte> payload, PeerId? except = null);

    /// <summary>Asks one peer and awaits its answer; throws <see cref="PeerRequestException"/> on timeout, refusal or disconnection.</summary>
    Task<ReadOnlyMemory<byte>> RequestAsync(PeerId peer, byte channel, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Scores a peer for something it sent; enough of it bans the peer.</summary>
    void ReportMisbehavior(PeerId peer, Misbehavior kind, string? detail = null);
}
