using Lamina.Core.Codec;
using Microsoft.Extensions.Logging;

namespace Lamina.Network;

public sealed partial class P2PNode
{
    // Indexed by channel: an array lookup per message, no dictionary or lock on the receive path.
    private readonly Func<PeerId, ReadOnlyMemory<byte>, ValueTask>?[] _handlers = new Func<PeerId, ReadOnlyMemory<byte>, ValueTask>?[256];

    /// <summary>
    /// Sets the handler for <paramref name="channel"/>. Handlers of one peer run one at a time, in arrival order; a slow
    /// handler slows only that peer (TCP pushes back on it). A handler that throws <see cref="CodecException"/> or
    /// <see cref="PeerProtocolException"/> gets the peer scored as Malformed automatically; other exceptions are logged.
    /// </summary>
    public void RegisterHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        RequireAppChannel(channel);
        if (_requestHandlers[channel] is not null) throw new InvalidOperationException($"channel {channel} is a request/response channel");
        _handlers[channel] = handler;
    }

    /// <summary>
    /// Queues <paramref name="payload"/> for <paramref name="peer"/>. Never blocks: false if the peer is not connected or
    /// its queue is full (then the peer is disconnected as too slow). Throws <see cref="ArgumentException"/> for an
    /// unknown channel or a payload the channel's limit forbids.
    /// </summary>
    public bool Send(PeerId peer, byte channel, ReadOnlySpan<byte> payload)
    {
        RequireAppChannel(channel);
        FrameCodec.CheckOutgoing(channel, payload.Length, _options.Channels);
        if (!_peers.TryGetValue(peer, out var conn)) return false;
        return Enqueue(conn, FrameCodec.Encode(channel, payload));
    }

    /// <summary>Queues <paramref name="payload"/> for every connected peer but <paramref name="except"/>. Returns how many took it.</summary>
    public int Broadcast(byte channel, ReadOnlySpan<byte> payload, PeerId? except = null)
    {
        RequireAppChannel(channel);
        FrameCodec.CheckOutgoing(channel, payload.Length, _options.Channels);
        var frame = FrameCodec.Encode(channel, payload); // encoded once, shared by every queue
        var sent = 0;
        foreach (var (id, conn) in _peers)
        {
            if (except is { } skip && id == skip) continue;
            if (Enqueue(conn, frame)) sent++;
        }
        return sent;
    }

    private bool Enqueue(PeerConnection conn, byte[] frame)
    {
        if (conn.TryEnqueue(frame)) return true;
        if (conn.IsClosed) return false;
        Metrics.SendQueueOverflowed();
        _log.LogWarning("p2p {Id}: send queue to {Peer} is full, disconnecting it", Id, conn.Id);
        conn.Close(DisconnectReason.SendQueueOverflow);
        return false;
    }

    private void RequireAppChannel(byte channel)
    {
        if (channel == ChannelIds.Control) throw new ArgumentException("channel 0 is reserved for the network", nameof(channel));
        if (!_options.Channels.IsKnown(channel)) throw new ArgumentException($"channel {channel} is not in the channel table", nameof(channel));
    }

    private async ValueTask OnFrameAsync(PeerConnection conn, Frame frame)
    {
        Metrics.RecordIn(frame.Channel, FrameCodec.HeaderSize + frame.Payload.Length + FrameCipher.TagSize);
        // Control frames count too: otherwise a ping flood would buy unlimited pongs.
        if (conn.InboundLimit is { } limit && !limit.TryTake())
        {
            Metrics.InboundDropped();
            ReportMisbehavior(conn.Id, Misbehavior.Spam, "over the inbound message rate");
            return;
        }
        if (frame.Channel == ChannelIds.Control)
        {
            OnControl(conn, frame.Payload.Span);
            return;
        }
        if (_requestHandlers[frame.Channel] is not null)
        {
            OnRequestFrame(conn, frame);
            return;
        }
        var handler = _handlers[frame.Channel];
        if (handler is null)
        {
            Metrics.InboundDropped();
            return;
        }
        try
        {
            await handler(conn.Id, frame.Payload).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CodecException or PeerProtocolException)
        {
            ReportMisbehavior(conn.Id, Misbehavior.Malformed, $"channel {frame.Channel}: {e.Message}");
        }
        catch (Exception e)
        {
            Metrics.HandlerFailed();
            _log.LogError(e, "p2p {Id}: handler for channel {Channel} threw on a message from {Peer}", Id, frame.Channel, conn.Id);
        }
    }

    private void OnControl(PeerConnection conn, ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1 && payload[0] == (byte)ControlMessageType.Ping)
        {
            conn.TryEnqueue(PongFrame); // a full queue will be noticed by the next real send
            return;
        }
        if (payload.Length == 1 && payload[0] == (byte)ControlMessageType.Pong) return;
        throw new PeerProtocolException(ProtocolViolation.UnexpectedMessage, $"control message {payload[0]} ({payload.Length} bytes) after the handshake");
    }

    /// <summary>The receive loop ended on a fault: score it, then close (unless the score already banned and closed it).</summary>
    private void OnConnectionFault(PeerConnection conn, Exception fault)
    {
        if (fault is PeerProtocolException e)
        {
            Metrics.ProtocolViolated();
            _log.LogWarning("p2p {Id}: protocol violation ({Reason}) by {Peer}: {Error}", Id, e.Reason, conn.Id, e.Message);
            // A truncated frame is what a crashing honest peer looks like; it ends the connection but costs nothing.
            // Nor does a frame that fails authentication: anyone on the path can flip a bit, so it says nothing about
            // the peer, and banning for it would let an on-path attacker get honest peers banned (an eclipse aid).
            // Closing is enough: the session cannot continue, and persistent peers redial.
            if (e.Reason is not (ProtocolViolation.TruncatedFrame or ProtocolViolation.Decryption or ProtocolViolation.NonceExhausted))
            {
                ReportMisbehavior(conn.Id, Misbehavior.ProtocolViolation, e.Message);
            }
            conn.Close(DisconnectReason.ProtocolViolation);
            return;
        }
        Metrics.HandlerFailed();
        _log.LogError(fault, "p2p {Id}: unexpected failure on the connection to {Peer}", Id, conn.Id);
        conn.Close(DisconnectReason.ConnectionLost);
    }
}
