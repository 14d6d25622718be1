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
    private long _nextId;

    private sealed class Client(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        public System.Threading.Channels.Channel<byte[]> Queue { get; } =
            System.Threading.Channels.Channel.CreateBounded<byte[]>(new System.Threading.Channels.BoundedChannelOptions(MaxQueuedPerClient) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    }

    public int ClientCount => _clients.Count;

    public HeadBroadcaster(Blockchain chain)
    {
        chain.BlockCommitted += OnBlock;
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
