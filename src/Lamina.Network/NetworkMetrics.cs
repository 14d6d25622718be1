namespace Lamina.Network;

/// <summary>
/// Counters the node exports (it owns the Prometheus registry; the network stays free of that dependency).
/// All updates are interlocked increments on fixed arrays, so recording costs no allocation or lock.
/// </summary>
public sealed class NetworkMetrics
{
    private readonly long[] _messagesIn = new long[256];
    private readonly long[] _bytesIn = new long[256];
    private readonly long[] _messagesOut = new long[256];
    private readonly long[] _bytesOut = new long[256];
    private int _peersConnected;
    private long _bans;
    private long _handshakeFailures;
    private long _protocolViolations;
    private long _sendQueueOverflows;
    private long _droppedInbound;
    private long _handlerErrors;

    public int PeersConnected => Volatile.Read(ref _peersConnected);
    public long Bans => Interlocked.Read(ref _bans);
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);
    public long ProtocolViolations => Interlocked.Read(ref _protocolViolations);
    public long SendQueueOverflows => Interlocked.Read(ref _sendQueueOverflows);

    /// <summary>Inbound messages dropped by the rate limit or for having no handler.</summary>
    public long DroppedInbound => Interlocked.Read(ref _droppedInbound);

    /// <summary>Exceptions thrown by channel handlers (caught, logged, never fatal).</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    public ChannelCounters Channel(byte channel) => new(
        Interlocked.Read(ref _messagesIn[channel]),
        Interlocked.Read(ref _bytesIn[channel]),
        Interlocked.Read(ref _messagesOut[channel]),
        Interlocked.Read(ref _bytesOut[channel]));

    internal void RecordIn(byte channel, int wireBytes)
    {
        Interlocked.Increment(ref _messagesIn[channel]);
        Interlocked.Add(ref _bytesIn[channel], wireBytes);
    }

    internal void RecordOut(byte channel, int wireBytes)
    {
        Interlocked.Increment(ref _messagesOut[channel]);
        Interlocked.Add(ref _bytesOut[channel], wireBytes);
    }

    internal void PeerAdded() => Interlocked.Increment(ref _peersConnected);
    internal void PeerRemoved() => Interlocked.Decrement(ref _peersConnected);
    internal void Banned() => Interlocked.Increment(ref _bans);
    internal void HandshakeFailed() => Interlocked.Increment(ref _handshakeFailures);
    internal void ProtocolViolated() => Interlocked.Increment(ref _protocolViolations);
    internal void SendQueueOverflowed() => Interlocked.Increment(ref _sendQueueOverflows);
    internal void InboundDropped() => Interlocked.Increment(ref _droppedInbound);
    internal void HandlerFailed() => Interlocked.Increment(ref _handlerErrors);
}
