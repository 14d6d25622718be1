using System.Net;
using System.Net.Sockets;

namespace Lamina.Network.Tests;

/// <summary>
/// A man in the middle on loopback: accepts one connection, dials the target, and copies bytes both ways while
/// recording them. It can rewrite the first frame (the Hello) in each direction, which is all a key-swapping attacker
/// needs to touch; everything after it is relayed unchanged.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IPEndPoint _target;
    private readonly Func<Hello, Hello>? _rewriteHello;
    private readonly MemoryStream _captured = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _run;

    public TcpRelay(IPEndPoint target, Func<Hello, Hello>? rewriteHello = null)
    {
        _target = target;
        _rewriteHello = rewriteHello;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _run = RunAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Every byte relayed so far, both directions.</summary>
    public byte[] Captured
    {
        get
        {
            lock (_captured) return _captured.ToArray();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            var client = await _listener.AcceptAsync();
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            lock (_sockets) _sockets.AddRange([client, server]);
            await server.ConnectAsync(_target);
            using var a = new NetworkStream(client, ownsSocket: true);
            using var b = new NetworkStream(server, ownsSocket: true);
            await Task.WhenAll(PumpAsync(a, b), PumpAsync(b, a));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        try
        {
            if (_rewriteHello is not null)
            {
                var frame = await new FrameReader(from, new ChannelLimits()).ReadAsync(CancellationToken.None);
                if (frame is null) return;
                await WriteAsync(to, FrameCodec.Encode(ChannelIds.Control, _rewriteHello(Hello.Decode(frame.Value.Payload.Span)).Encode()));
            }
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await from.ReadAsync(buffer)) > 0) await WriteAsync(to, buffer.AsMemory(0, n));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or PeerProtocolException)
        {
        }
        finally
        {
            // One side hung up: hang up on the other, as a TCP proxy does.
            to.Dispose();
            from.Dispose();
        }
    }

    private async Task WriteAsync(Stream to, ReadOnlyMemory<byte> bytes)
    {
        lock (_captured) _captured.Write(bytes.Span);
        await to.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        lock (_sockets)
        {
            foreach (var s in _sockets) s.Dispose();
        }
        await _run;
    }
}
