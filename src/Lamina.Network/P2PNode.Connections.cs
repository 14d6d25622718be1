using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Lamina.Network;

public sealed partial class P2PNode
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Dials <paramref name="endpoint"/> once and returns the authenticated peer. Throws on refusal or failure.</summary>
    public async Task<PeerInfo> ConnectAsync(IPEndPoint endpoint, PeerId? expectedId = null, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var conn = await DialAsync(endpoint, expectedId, linked.Token).ConfigureAwait(false);
        return conn.Info;
    }

    private async Task<PeerConnection> DialAsync(IPEndPoint endpoint, PeerId? expectedId, CancellationToken ct)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using (var timeout = new CancellationTokenSource(_options.DialTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token))
            {
                await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return await SetUpAsync(socket, outbound: true, expectedId, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Handshake, admission and start of the loops for a fresh socket. On any refusal the socket is closed, the
    /// failure recorded, and the exception rethrown to the dialler.
    /// </summary>
    private async Task<PeerConnection> SetUpAsync(Socket socket, bool outbound, PeerId? expectedId, CancellationToken ct)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        socket.NoDelay = true; // votes are small and latency-critical; the send loop batches on its own
        var net = new NetworkStream(socket, ownsSocket: true);
        var read = new ReadBufferedStream(net, ReadBufferSize);
        HandshakeResult hs;
        try
        {
            hs = await Handshake.RunAsync(read, _nodeKey, _options.ChainId, (ushort)(LocalEndPoint?.Port ?? 0),
                id => Admit(id, expectedId), _options.HandshakeTimeout, _time, ct).ConfigureAwait(false);
        }
        catch (PeerProtocolException e)
        {
            socket.Dispose();
            OnHandshakeFailed(remote, e);
            throw;
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var info = new PeerInfo(hs.PeerId, hs.PublicKey, remote, hs.ListenPort, outbound);
        var limit = _options.MaxInboundMessagesPerSecond > 0 ? new TokenBucket(_time, _options.MaxInboundMessagesPerSecond) : null;
        var conn = new PeerConnection(info, socket, read, net, hs.Session, _options.SendQueueCapacity, _options.SendQueueMaxBytes, limit)
        {
            LastReceived = _time.GetTimestamp(),
        };
        try
        {
            Register(conn);
        }
        catch (PeerProtocolException e)
        {
            conn.Close(DisconnectReason.Local);
            hs.Session.Dispose();
            OnHandshakeFailed(remote, e);
            throw;
        }
        Track(RunConnectionAsync(conn));
        return conn;
    }

    /// <summary>Checked on the claimed id before we sign for it; checked again (with the proven id) in <see cref="Register"/>.</summary>
    private ProtocolViolation? Admit(PeerId id, PeerId? expectedId)
    {
        if (expectedId is { } expected && expected != id) return ProtocolViolation.WrongPeerId;
        if (Bans.IsBanned(id)) return ProtocolViolation.Banned;
        return null;
    }

    /// <summary>
    /// Makes the connection the one for its node id. When two connections to one id meet (both sides dialled at once),
    /// both ends must keep the same one without talking about it: the rule is "keep the connection dialled by the
    /// smaller node id". Two connections in the same direction mean the peer reconnected, so the newer one wins
    /// (the old one is probably half-open).
    /// </summary>
    private void Register(PeerConnection conn)
    {
        PeerConnection? replaced = null;
        var id = conn.Id;
        lock (_admission)
        {
            if (_stopping.IsCancellationRequested) throw new PeerProtocolException(ProtocolViolation.TooManyPeers, "node is stopping");
            if (Bans.IsBanned(id)) throw new PeerProtocolException(ProtocolViolation.Banned, $"peer {id} is banned");
            // A closed connection still registered (its loop has not removed it yet) is replaced like a live one:
            // taking the slot silently would leave the old one's disconnect unreported and the peer counted twice.
            if (_peers.TryGetValue(id, out var existing))
            {
                if (!existing.IsClosed && existing.Info.Outbound != conn.Info.Outbound)
                {
                    var dialerOfNew = conn.Info.Outbound ? Id : id;
                    var smaller = Id.CompareTo(id) < 0 ? Id : id;
                    if (dialerOfNew != smaller)
                    {
                        throw new PeerProtocolException(ProtocolViolation.DuplicateConnection, $"already connected to {id}; the connection dialled by {smaller} is kept") { Peer = id };
                    }
                }
                replaced = existing;
            }
            else if (_peers.Count >= _options.MaxPeers)
            {
                throw new PeerProtocolException(ProtocolViolation.TooManyPeers, $"at the limit of {_options.MaxPeers} peers");
            }
            _peers[id] = conn;
        }
        if (replaced is not null)
        {
            // Reported as a disconnect then a connect, never silently: listeners that greet a new peer (consensus
            // re-sends its votes) must see a restarted peer's fresh connection. The old loop stays silent because the
            // id now maps to the new connection.
            replaced.Close(DisconnectReason.Replaced);
            var reason = replaced.Closed.IsCompletedSuccessfully ? replaced.Closed.Result : DisconnectReason.Replaced;
            Metrics.PeerRemoved();
            FailPendingRequests(id);
            _log.LogInformation("p2p {Id}: connection to {Peer} replaced by a newer one ({Reason})", Id, id, reason);
            Raise(PeerDisconnected, replaced.Info, reason);
        }
        Metrics.PeerAdded();
        _log.LogInformation("p2p {Id}: connected to {Peer} at {Remote} ({Direction})", Id, id, conn.Info.RemoteEndPoint, conn.Info.Outbound ? "out" : "in");
        Raise(PeerConnected, conn.Info);
    }

    private async Task RunConnectionAsync(PeerConnection conn)
    {
        var reader = new FrameReader(conn.ReadStream, _options.Channels, conn.Session.Receive);
        using var pinger = _time.CreateTimer(static state =>
        {
            var (node, c) = ((P2PNode, PeerConnection))state!;
            node.PingTick(c);
        }, (this, conn), _options.PingInterval, _options.PingInterval);
        var send = Task.Run(() => conn.SendLoopAsync(Metrics.RecordOut));
        // Both loops catch everything and close the connection on the way out, so these awaits do not throw.
        await conn.ReceiveLoopAsync(reader, OnFrameAsync, OnConnectionFault, _time).ConfigureAwait(false);
        await send.ConfigureAwait(false);
        var reason = await conn.Closed.ConfigureAwait(false);
        conn.Session.Dispose(); // only now: neither loop can touch a cipher any more

        // Only the connection currently registered for the id reports the disconnect; a replaced one is silent.
        bool removed;
        lock (_admission)
        {
            removed = _peers.TryRemove(new KeyValuePair<PeerId, PeerConnection>(conn.Id, conn));
        }
        if (!removed) return;
        Metrics.PeerRemoved();
        FailPendingRequests(conn.Id);
        _log.LogInformation("p2p {Id}: disconnected from {Peer} ({Reason})", Id, conn.Id, reason);
        Raise(PeerDisconnected, conn.Info, reason);
    }

    /// <summary>Keeps idle connections provably alive and closes ones that have gone silent.</summary>
    private void PingTick(PeerConnection conn)
    {
        if (conn.IsClosed) return;
        if (_time.GetElapsedTime(Volatile.Read(ref conn.LastReceived)) > _options.IdleTimeout)
        {
            conn.Close(DisconnectReason.IdleTimeout);
            return;
        }
        conn.TryEnqueue(PingFrame);
    }

    private static readonly byte[] PingFrame = FrameCodec.Encode(ChannelIds.Control, [(byte)ControlMessageType.Ping]);
    private static readonly byte[] PongFrame = FrameCodec.Encode(ChannelIds.Control, [(byte)ControlMessageType.Pong]);

    /// <summary>
    /// Redials a persistent peer forever. After a connection ends it waits the initial backoff; each failed dial
    /// doubles the wait up to the cap, so a down peer costs one attempt per cap interval.
    /// </summary>
    private async Task DialLoopAsync(PersistentPeer peer)
    {
        var ct = _stopping.Token;
        var failures = 0;
        PeerId? knownId = peer.ExpectedId;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Already connected (e.g. it dialled us first): wait for that connection to end instead of dialling.
                if (knownId is { } id && _peers.TryGetValue(id, out var existing))
                {
                    await existing.Closed.WaitAsync(ct).ConfigureAwait(false);
                    failures = 0;
                }
                else
                {
                    var endpoint = await ResolveAsync(peer, ct).ConfigureAwait(false);
                    var conn = await DialAsync(endpoint, peer.ExpectedId, ct).ConfigureAwait(false);
                    knownId = conn.Id;
                    failures = 0;
                    await conn.Closed.WaitAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (PeerProtocolException e) when (e.Reason == ProtocolViolation.DuplicateConnection)
            {
                // The peer's own connection to us won the tie-break; learn its id so the next round waits on it.
                knownId ??= e.Peer;
                failures = 0;
            }
            catch (Exception e)
            {
                failures++;
                _log.LogDebug("p2p {Id}: dial {Peer} failed ({Attempt}): {Error}", Id, peer, failures, e.Message);
            }
            try
            {
                await Task.Delay(Backoff(failures), _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>initial · 2^failures, capped. No jitter: the persistent-peer list is small and dial times already differ.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var initial = _options.InitialReconnectBackoff;
        var factor = Math.Pow(2, Math.Min(failures, 30));
        var ticks = Math.Min(initial.Ticks * factor, _options.MaxReconnectBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private static async Task<IPEndPoint> ResolveAsync(PersistentPeer peer, CancellationToken ct)
    {
        if (IPAddress.TryParse(peer.Host, out var address)) return new IPEndPoint(address, peer.Port);
        var addresses = await Dns.GetHostAddressesAsync(peer.Host, ct).ConfigureAwait(false);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(addresses[0], peer.Port);
    }

    private void Raise<T>(Action<T>? handler, T arg)
    {
        if (handler is null) return;
        try
        {
            handler(arg);
        }
        catch (Exception e)
        {
            _log.LogError(e, "p2p {Id}: event subscriber threw", Id);
        }
    }

    private void Raise<T1, T2>(Action<T1, T2>? handler, T1 a, T2 b)
    {
        if (handler is null) return;
        try
        {
            handler(a, b);
        }
        catch (Exception e)
        {
            _log.LogError(e, "p2p {Id}: event subscriber threw", Id);
        }
    }

    private void Raise<T1, T2, T3>(Action<T1, T2, T3>? handler, T1 a, T2 b, T3 c)
    {
        if (handler is null) return;
        try
        {
            handler(a, b, c);
        }
        catch (Exception e)
        {
            _log.LogError(e, "p2p {Id}: event subscriber threw", Id);
        }
    }
}
