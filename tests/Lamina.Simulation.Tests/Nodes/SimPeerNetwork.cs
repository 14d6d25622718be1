using Lamina.Network;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// One node's view of the simulated network, implementing the interface the real jobs use. Sends become queue events
/// that <see cref="NodeSimulation"/> drops, delays or duplicates; misbehaviour reports are recorded for an invariant.
/// </summary>
internal sealed class SimPeerNetwork(NodeSimulation sim, WholeNode node) : IPeerNetwork
{
    private readonly Func<PeerId, ReadOnlyMemory<byte>, ValueTask>?[] _handlers = new Func<PeerId, ReadOnlyMemory<byte>, ValueTask>?[256];
    private readonly Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>>?[] _requestHandlers =
        new Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>>?[256];

    public PeerId Id => node.PeerId;
    public IReadOnlyList<PeerInfo> Peers => sim.PeersOf(node);
    public event Action<PeerInfo>? PeerConnected;
#pragma warning disable CS0067 // a crashed node's peers keep it as connected: the simulation models no disconnects
    public event Action<PeerInfo, DisconnectReason>? PeerDisconnected;
#pragma warning restore CS0067

    /// <summary>Rewrites or adds to what this node sends (a Byzantine node's tampering); null for honest nodes.</summary>
    public Func<int, byte, byte[], IEnumerable<byte[]>>? Tamper { get; set; }

    public void RegisterHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, ValueTask> handler) => _handlers[channel] = handler;

    public void RegisterRequestHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler)
        => _requestHandlers[channel] = handler;

    public bool Send(PeerId peer, byte channel, ReadOnlySpan<byte> payload)
    {
        var to = sim.IndexOf(peer);
        if (to < 0) return false;
        Emit(to, channel, payload.ToArray());
        return true;
    }

    public int Broadcast(byte channel, ReadOnlySpan<byte> payload, PeerId? except = null)
    {
        var bytes = payload.ToArray();
        var sent = 0;
        foreach (var peer in Peers)
        {
            if (peer.Id == except) continue;
            Emit(sim.IndexOf(peer.Id), channel, bytes);
            sent++;
        }
        return sent;
    }

    private void Emit(int to, byte channel, byte[] payload)
    {
        if (Tamper is null)
        {
            sim.Send(node.Index, to, channel, payload);
            return;
        }
        foreach (var bytes in Tamper(to, channel, payload)) sim.Send(node.Index, to, channel, bytes);
    }

    public Task<ReadOnlyMemory<byte>> RequestAsync(PeerId peer, byte channel, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
        => sim.Request(node, sim.IndexOf(peer), channel, payload.ToArray(), timeout);

    public void ReportMisbehavior(PeerId peer, Misbehavior kind, string? detail = null) => sim.Reported(node, peer, kind, detail);

    public void Deliver(int from, byte channel, byte[] payload)
    {
        if (_handlers[channel] is { } handler) _ = handler(sim.Nodes[from].PeerId, payload);
    }

    public byte[]? Serve(int from, byte channel, byte[] payload)
    {
        if (_requestHandlers[channel] is not { } handler) return null;
        var reply = handler(sim.Nodes[from].PeerId, payload, CancellationToken.None);
        return reply.IsCompleted ? reply.Result : null;
    }

    public void Connected(PeerInfo peer) => PeerConnected?.Invoke(peer);
}
