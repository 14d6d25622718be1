using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Lamina.Core.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Network;

/// <summary>
/// A node's presence on the peer-to-peer network: listens, dials persistent peers, authenticates every connection,
/// keeps one connection per node id, and moves opaque <c>(channel, payload)</c> messages. It never interprets a
/// payload; the node registers a handler per channel. Nothing a peer sends can throw out of this class: every fault
/// is caught, scored against the peer and at worst ends that peer's connection.
/// </summary>
public sealed partial class P2PNode : IPeerNetwork, IAsyncDisposable
{
    private readonly P2POptions _options;
    private readonly SigningKey _nodeKey;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<PeerId, PeerConnection> _peers = new();
    private readonly Lock _admission = new(); // makes "is this id connected / replace it" one decision
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private Socket? _listener;
    private int _started;

    public P2PNode(P2POptions options, SigningKey nodeKey, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nodeKey);
        options.Validate();
        _options = options;
        _nodeKey = nodeKey;
        _time = time ?? TimeProvider.System;
        _log = logger ?? NullLogger.Instance;
        Id = PeerId.FromPublicKey(nodeKey.PublicKey);
        Bans = new BanList(_time);
        _handshakeLog = new LogThrottle(_time, options.HandshakeLogWindow, options.HandshakeLogBurst);
        _nodeScores = new PeerScores<PeerId>(_time, options.ScoreDecayPerSecond);
        _addressScores = new PeerScores<IPAddress>(_time, options.ScoreDecayPerSecond);
    }

    /// <summary>This node's id (the address of its node key).</summary>
    public PeerId Id { get; }

    public PublicKey PublicKey => _nodeKey.PublicKey;

    /// <summary>The bound listen endpoint, known after <see cref="StartAsync"/> (port 0 resolved).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public NetworkMetrics Metrics { get; } = new();

    public BanList Bans { get; }

    /// <summary>Raised after a peer is authenticated and registered (once per node id, not per connection).</summary>
    public event Action<PeerInfo>? PeerConnected;

    /// <summary>Raised when a node id's last connection ends.</summary>
    public event Action<PeerInfo, DisconnectReason>? PeerDisconnected;

    /// <summary>Raised when a node id is banned; the IP address is given when it was banned too.</summary>
    public event Action<PeerId, IPAddress?, TimeSpan>? PeerBanned;

    /// <summary>Raised when a connection is refused during the handshake (wrong chain, bad signature, ...).</summary>
    public event Action<EndPoint?, PeerProtocolException>? HandshakeFailed;

    /// <summary>The currently connected peers (a snapshot).</summary>
    public IReadOnlyList<PeerInfo> Peers
    {
        get
        {
            var list = new List<PeerInfo>(_peers.Count);
            foreach (var (_, conn) in _peers) list.Add(conn.Info);
            return list;
        }
    }

    public bool IsConnected(PeerId peer) => _peers.ContainsKey(peer);

    /// <summary>Binds the listener and starts dialling persistent peers. Handlers should be registered before this.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("the node is already started");
        var listener = new Socket(_options.ListenEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // A restarted node must be able to rebind its port while old connections sit in TIME_WAIT.
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(_options.ListenEndPoint);
        listener.Listen(128);
        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _log.LogInformation("p2p node {Id} listening on {EndPoint}", Id, LocalEndPoint);
        lock (_background)
        {
            _background.Add(Task.Run(AcceptLoopAsync, CancellationToken.None));
            foreach (var peer in _options.PersistentPeers)
            {
                _background.Add(Task.Run(() => DialLoopAsync(peer), CancellationToken.None));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops listening and dialling, closes every connection and fails outstanding requests.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _listener?.Dispose();
        foreach (var (_, conn) in _peers) conn.Close(DisconnectReason.Local);
        Task[] background;
        lock (_background) background = [.. _background];
        try
        {
            await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("p2p node {Id}: background tasks did not stop within 5 s", Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Closes the connection to <paramref name="peer"/> if there is one (a persistent peer will be redialled).</summary>
    public void Disconnect(PeerId peer)
    {
        if (_peers.TryGetValue(peer, out var conn)) conn.Close(DisconnectReason.Local);
    }

    private void Track(Task task)
    {
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted); // keeps the list as small as the live tasks
            _background.Add(task);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Transient accept failures (too many open files, aborted connection) must not stop the listener.
                _log.LogWarning("p2p accept failed: {Error}", e.SocketErrorCode);
                continue;
            }
            Track(Task.Run(() => AcceptOneAsync(socket), CancellationToken.None));
        }
    }

    private async Task AcceptOneAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        if (remote is not null && Bans.IsBanned(remote.Address))
        {
            socket.Dispose();
            return;
        }
        try
        {
            await SetUpAsync(socket, outbound: false, expectedId: null, _stopping.Token).ConfigureAwait(false);
        }
        catch (PeerProtocolException)
        {
            // Already recorded by SetUpAsync.
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _log.LogDebug("p2p inbound handshake from {Remote} ended: {Error}", remote, e.Message);
        }
    }
}
