using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Lamina.Network;

/// <summary>
/// One authenticated, encrypted TCP connection: a bounded send queue of plaintext frames drained by a writer loop that
/// seals them, and a reader loop that opens each frame and hands it to the node. Closing is idempotent and records the
/// first reason, which is what the node reports.
/// </summary>
internal sealed class PeerConnection
{
    private const int WriteBatchSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _readStream;
    private readonly NetworkStream _writeStream;
    private readonly SecureSession _session;
    private readonly Channel<byte[]> _queue;
    private readonly long _maxQueuedBytes;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<DisconnectReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _queuedBytes;
    private int _closing;

    public PeerConnection(PeerInfo info, Socket socket, Stream readStream, NetworkStream writeStream, SecureSession session, int queueCapacity, long maxQueuedBytes, TokenBucket? inboundLimit)
    {
        Info = info;
        _socket = socket;
        _readStream = readStream;
        _writeStream = writeStream;
        _session = session;
        _maxQueuedBytes = maxQueuedBytes;
        InboundLimit = inboundLimit;
        // SingleReader lets the channel skip reader-side locking; writers are any caller thread.
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping silently
        });
    }

    public PeerInfo Info { get; }
    public PeerId Id => Info.Id;
    public TokenBucket? InboundLimit { get; }

    /// <summary>Requests this peer asked us to serve that are still running (bounded by the node).</summary>
    public int InFlightRequests;

    /// <summary>Timestamp (TimeProvider ticks) of the last frame received; the idle check reads it.</summary>
    public long LastReceived;

    /// <summary>Completes with the reason once the connection is closed.</summary>
    public Task<DisconnectReason> Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>
    /// Queues a whole encoded frame. False when the queue is full (by count or bytes): the caller then disconnects
    /// the peer rather than wait. An empty queue always accepts one frame, whatever its size.
    /// </summary>
    public bool TryEnqueue(byte[] frame)
    {
        if (IsClosed) return false;
        var after = Interlocked.Add(ref _queuedBytes, frame.Length);
        if (after > _maxQueuedBytes && after != frame.Length)
        {
            Interlocked.Add(ref _queuedBytes, -frame.Length);
            return false;
        }
        if (_queue.Writer.TryWrite(frame)) return true;
        Interlocked.Add(ref _queuedBytes, -frame.Length);
        return false;
    }

    /// <summary>Closes the socket and ends both loops. The first reason given wins.</summary>
    public void Close(DisconnectReason reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        _queue.Writer.TryComplete();
        try
        {
            _cts.Cancel();
        }
        catch (AggregateException)
        {
            // A cancellation callback failed; the socket is closed below regardless.
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Dispose();
        _closed.TrySetResult(reason);
    }

    /// <summary>
    /// Drains the send queue, sealing each frame straight into one batch buffer, so small frames cost one socket write
    /// per batch (not per vote) and no allocation. Queued frames are plaintext and may be shared by many peers (a
    /// broadcast encodes once); each connection seals its own copy under its own key and counter, in the order written.
    /// </summary>
    public async Task SendLoopAsync(Action<byte, int> onSent)
    {
        var batch = ArrayPool<byte>.Shared.Rent(WriteBatchSize);
        var cipher = _session.Send;
        try
        {
            var reader = _queue.Reader;
            var ct = _cts.Token;
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                var used = 0;
                while (reader.TryRead(out var frame))
                {
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                    var sealedLength = frame.Length + FrameCipher.TagSize;
                    if (used + sealedLength > WriteBatchSize && used > 0)
                    {
                        await _writeStream.WriteAsync(batch.AsMemory(0, used), ct).ConfigureAwait(false);
                        used = 0;
                    }
                    if (sealedLength > WriteBatchSize)
                    {
                        var large = ArrayPool<byte>.Shared.Rent(sealedLength);
                        try
                        {
                            cipher.SealFrame(frame, large);
                            await _writeStream.WriteAsync(large.AsMemory(0, sealedLength), ct).ConfigureAwait(false);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(large);
                        }
                    }
                    else
                    {
                        used += cipher.SealFrame(frame, batch.AsSpan(used));
                    }
                    onSent(frame[4], sealedLength);
                }
                if (used > 0) await _writeStream.WriteAsync(batch.AsMemory(0, used), ct).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Any write failure ends the connection (cancelled, reset, disposed, nonces exhausted); Close records why.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
            Close(DisconnectReason.ConnectionLost);
        }
    }

    /// <summary>
    /// Reads frames until the stream ends. A <see cref="PeerProtocolException"/> (or any unexpected failure) goes to
    /// <paramref name="onFault"/> before the connection closes, so the node can score the peer and record the reason.
    /// </summary>
    public async Task ReceiveLoopAsync(FrameReader reader, Func<PeerConnection, Frame, ValueTask> onFrame, Action<PeerConnection, Exception> onFault, TimeProvider time)
    {
        var ct = _cts.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var frame = await reader.ReadAsync(ct).ConfigureAwait(false);
                if (frame is null) break;
                Volatile.Write(ref LastReceived, time.GetTimestamp());
                await onFrame(this, frame.Value).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            if (!IsClosed) onFault(this, e);
        }
        finally
        {
            Close(DisconnectReason.ConnectionLost);
        }
    }

    public Stream ReadStream => _readStream;

    /// <summary>The session's ciphers; disposed by the node once both loops have ended.</summary>
    public SecureSession Session => _session;
}
