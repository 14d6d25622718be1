using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.Node.Rpc;

namespace Lamina.Node.Hosting;

/// <summary>
/// Pushes every new head to WebSocket clients at /ws as a JSON-RPC notification (method "l1_newHead").
/// Each client has a bounded queue; a client too slow to keep up is disconnected instead of slowing the node.
/// </summary>
public sealed class HeadBroadcaster
{
    private const int MaxQueuedPerClient = 256;
    private readonly ConcurrentDictionary<long, Client> _clients = new();
    private readonly int _maxClients;
    private long _nextId;
    private int _reserved;

    private sealed class Client(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        public System.Threading.Channels.Channel<byte[]> Queue { get; } =
            System.Threading.Channels.Channel.CreateBounded<byte[]>(new System.Threading.Channels.BoundedChannelOptions(MaxQueuedPerClient) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    }

    public int ClientCount => _clients.Count;

    public HeadBroadcaster(Blockchain chain, NodeConfig config)
    {
        _maxClients = config.MaxWebSocketSubscribers;
        chain.BlockCommitted += OnBlock;
    }

    /// <summary>
    /// Serves GET /ws: upgrades to a WebSocket and streams heads until the client leaves or the node stops. Beyond
    /// maxWebSocketSubscribers the upgrade is refused with HTTP 503 and a sentence, before any socket is accepted,
    /// because every subscriber holds a queue and a send loop.
    /// </summary>
    public async Task HandleAsync(HttpContext ctx, CancellationToken nodeStopping)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            await ctx.Response.WriteAsync("connect with a WebSocket client to receive new heads");
            return;
        }
        if (Interlocked.Increment(ref _reserved) > _maxClients)
        {
            Interlocked.Decrement(ref _reserved);
            ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            ctx.Response.Headers.RetryAfter = "5";
            await ctx.Response.WriteAsync($"this node already serves its limit of {_maxClients} WebSocket subscribers (maxWebSocketSubscribers); try again later or use another node");
            return;
        }
        try
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            // End subscriptions when the node stops too: Kestrel waits for open requests, so a connected client
            // would otherwise hold shutdown up for the whole host shutdown timeout.
            using var serving = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, nodeStopping);
            await ServeAsync(socket, serving.Token);
        }
        finally
        {
            Interlocked.Decrement(ref _reserved);
        }
    }

    private void OnBlock(Block block, IReadOnlyList<Receipt> receipts)
    {
        var head = JsonViews.Header(block.Header);
        head["transactionCount"] = block.Transactions.Count;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "l1_newHead", ["params"] = head };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        foreach (var (_, client) in _clients)
        {
            if (!client.Queue.Writer.TryWrite(bytes)) client.Socket.Abort();
        }
    }

    public async Task ServeAsync(WebSocket socket, CancellationToken cancellation)
    {
        var id = Interlocked.Increment(ref _nextId);
        var client = new Client(socket);
        _clients[id] = client;
        try
        {
            var receiving = DrainIncomingAsync(socket, cancellation);
            await foreach (var message in client.Queue.Reader.ReadAllAsync(cancellation))
            {
                if (socket.State != WebSocketState.Open) break;
                await socket.SendAsync(message, WebSocketMessageType.Text, true, cancellation);
                if (receiving.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _clients.TryRemove(id, out _);
            client.Queue.Writer.TryComplete();
        }
    }

    /// <summary>Reads (and ignores) what the client sends, so a close frame is noticed; oversized input closes the socket.</summary>
    private static async Task DrainIncomingAsync(WebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellation);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellation);
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }
}
