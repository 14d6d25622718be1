using System.Collections.Concurrent;
using Lamina.Core.Codec;
using Microsoft.Extensions.Logging;

namespace Lamina.Network;

public sealed partial class P2PNode
{
    /// <summary>Requests a peer may have us serving at once; more are dropped and scored as spam.</summary>
    public const int MaxConcurrentRequestsPerPeer = 16;

    private readonly Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>>?[] _requestHandlers =
        new Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>>?[256];
    private readonly ConcurrentDictionary<ulong, PendingRequest> _pending = new();
    private long _nextRequestId;

    private sealed record PendingRequest(PeerId Peer, TaskCompletionSource<ReadOnlyMemory<byte>> Answer);

    /// <summary>
    /// Makes <paramref name="channel"/> a request/response channel served by <paramref name="handler"/> (e.g. block
    /// sync: "blocks h..h+k with commits"). Both sides must register the channel this way, since its payloads carry
    /// the request envelope. Handlers run concurrently (up to <see cref="MaxConcurrentRequestsPerPeer"/> per peer) so a
    /// slow request never stalls that peer's other channels.
    /// </summary>
    public void RegisterRequestHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        RequireAppChannel(channel);
        if (_handlers[channel] is not null) throw new InvalidOperationException($"channel {channel} already has a plain message handler");
        if (_options.Channels.MaxPayload(channel) <= RequestEnvelope.HeaderSize) throw new ArgumentException($"channel {channel} is too small for requests", nameof(channel));
        _requestHandlers[channel] = handler;
    }

    /// <summary>
    /// Sends a request and waits for the peer's answer. Throws <see cref="PeerRequestException"/> when the peer is not
    /// connected, disconnects, answers with an error, or does not answer within <paramref name="timeout"/>.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> RequestAsync(PeerId peer, byte channel, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        RequireAppChannel(channel);
        if (_requestHandlers[channel] is null) throw new InvalidOperationException($"channel {channel} is not a request/response channel; register it with RegisterRequestHandler");
        FrameCodec.CheckOutgoing(channel, RequestEnvelope.HeaderSize + payload.Length, _options.Channels);
        if (!_peers.TryGetValue(peer, out var conn)) throw new PeerRequestException(peer, RequestFailure.NotConnected, "not connected");

        var id = (ulong)Interlocked.Increment(ref _nextRequestId);
        var pending = new PendingRequest(peer, new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = pending;
        try
        {
            if (!Enqueue(conn, FrameCodec.Encode(channel, RequestEnvelope.Encode(RequestEnvelope.Kind.Request, id, payload.Span))))
            {
                throw new PeerRequestException(peer, RequestFailure.SendQueueFull, "could not queue the request");
            }
            return await pending.Answer.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PeerRequestException(peer, RequestFailure.Timeout, $"no answer within {timeout.TotalMilliseconds:F0} ms");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Routes a frame on a request channel: answers settle a pending request, requests go to the handler.</summary>
    private void OnRequestFrame(PeerConnection conn, Frame frame)
    {
        var (kind, id, body) = RequestEnvelope.Decode(frame.Payload);
        if (kind == RequestEnvelope.Kind.Request)
        {
            if (Interlocked.Increment(ref conn.InFlightRequests) > MaxConcurrentRequestsPerPeer)
            {
                Interlocked.Decrement(ref conn.InFlightRequests);
                Metrics.InboundDropped();
                ReportMisbehavior(conn.Id, Misbehavior.Spam, "too many concurrent requests");
                return;
            }
            Track(ServeAsync(conn, frame.Channel, id, body));
            return;
        }
        // A late answer (after our timeout) or one from the wrong peer is dropped: honest peers send late answers too.
        if (!_pending.TryGetValue(id, out var pending) || pending.Peer != conn.Id) return;
        if (kind == RequestEnvelope.Kind.Response)
        {
            pending.Answer.TrySetResult(body);
        }
        else
        {
            pending.Answer.TrySetException(new PeerRequestException(conn.Id, RequestFailure.RemoteError, "the peer could not answer"));
        }
    }

    private async Task ServeAsync(PeerConnection conn, byte channel, ulong id, ReadOnlyMemory<byte> body)
    {
        await Task.Yield(); // leave the receive loop at once
        var kind = RequestEnvelope.Kind.Response;
        byte[] answer;
        try
        {
            answer = await _requestHandlers[channel]!(conn.Id, body, _stopping.Token).ConfigureAwait(false);
            if (RequestEnvelope.HeaderSize + answer.Length > _options.Channels.MaxPayload(channel))
            {
                _log.LogError("p2p {Id}: answer of {Bytes} bytes on channel {Channel} exceeds the channel limit", Id, answer.Length, channel);
                (kind, answer) = (RequestEnvelope.Kind.Error, []);
            }
        }
        catch (Exception e) when (e is CodecException or PeerProtocolException)
        {
            ReportMisbehavior(conn.Id, Misbehavior.Malformed, $"request on channel {channel}: {e.Message}");
            (kind, answer) = (RequestEnvelope.Kind.Error, []);
        }
        catch (Exception e)
        {
            Metrics.HandlerFailed();
            _log.LogError(e, "p2p {Id}: request handler for channel {Channel} threw", Id, channel);
            (kind, answer) = (RequestEnvelope.Kind.Error, []);
        }
        finally
        {
            Interlocked.Decrement(ref conn.InFlightRequests);
        }
        Enqueue(conn, FrameCodec.Encode(channel, RequestEnvelope.Encode(kind, id, answer)));
    }

    private void FailPendingRequests(PeerId peer)
    {
        foreach (var (_, pending) in _pending)
        {
            if (pending.Peer == peer)
            {
                pending.Answer.TrySetException(new PeerRequestException(peer, RequestFailure.Disconnected, "the peer disconnected"));
            }
        }
    }
}
