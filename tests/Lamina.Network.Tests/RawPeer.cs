using System.Net;
using System.Net.Sockets;
using Lamina.Core.Crypto;

namespace Lamina.Network.Tests;

/// <summary>
/// A hand-driven peer: a bare socket that can do the real handshake (or a broken one) and then write anything,
/// sealed with the session or not, which is how the tests play a hostile or slow node.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket)
    {
        _socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
    }

    public NetworkStream Stream { get; }

    /// <summary>The encrypted session, once <see cref="HandshakeAsync"/> has run it.</summary>
    public SecureSession? Session { get; private set; }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endpoint, int receiveBuffer = 0)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer > 0) socket.ReceiveBufferSize = receiveBuffer;
        await socket.ConnectAsync(endpoint);
        return new RawPeer(socket);
    }

    /// <summary>The honest handshake with <paramref name="key"/>.</summary>
    public static async Task<RawPeer> HandshakeAsync(IPEndPoint endpoint, SigningKey key, string chainId = TestNet.ChainId, int receiveBuffer = 0)
    {
        var peer = await ConnectAsync(endpoint, receiveBuffer);
        try
        {
            peer.Session = (await Handshake.RunAsync(peer.Stream, key, chainId, 0, _ => null, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None)).Session;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    /// <summary>Raw bytes, as they are: the node applies its session cipher to them.</summary>
    public Task WriteAsync(byte[] bytes) => Stream.WriteAsync(bytes).AsTask();

    /// <summary>One frame sealed with the session, as an honest node would send it (the next counter is used up).</summary>
    public byte[] Seal(byte channel, ReadOnlySpan<byte> payload) => Session!.Send.SealFrame(channel, payload);

    public Task WriteFrameAsync(byte channel, ReadOnlySpan<byte> payload) => WriteAsync(Seal(channel, payload));

    /// <summary>Writes raw bytes, ignoring the error when the node has already hung up on the rest (floods, junk).</summary>
    public async Task WriteIgnoringHangUpAsync(byte[] bytes)
    {
        try
        {
            await WriteAsync(bytes);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The same message <paramref name="times"/> times, each sealed under the next nonce, as one buffer.</summary>
    public byte[] SealRepeated(byte channel, ReadOnlySpan<byte> payload, int times)
    {
        var one = FrameCodec.HeaderSize + payload.Length + FrameCipher.TagSize;
        var plain = FrameCodec.Encode(channel, payload);
        var bytes = new byte[one * times];
        for (var i = 0; i < times; i++) Session!.Send.SealFrame(plain, bytes.AsSpan(i * one, one));
        return bytes;
    }

    /// <summary>True once the other side has closed the connection (read returns 0 or fails).</summary>
    public async Task<bool> IsClosedByRemoteAsync(int timeoutMs = 5_000)
    {
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var n = await Stream.ReadAsync(buffer, cts.Token);
                if (n == 0) return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stream.Dispose();
        Session?.Dispose();
        return ValueTask.CompletedTask;
    }
}
