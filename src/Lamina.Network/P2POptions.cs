using System.Net;

namespace Lamina.Network;

/// <summary>Everything tunable about a <see cref="P2PNode"/>. Defaults suit a validator mesh of tens of nodes.</summary>
public sealed class P2POptions
{
    /// <summary>Peers on another chain are refused at the handshake.</summary>
    public required string ChainId { get; init; }

    /// <summary>Where to listen; port 0 picks a free port (see <see cref="P2PNode.LocalEndPoint"/>).</summary>
    public IPEndPoint ListenEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Peers to dial and redial forever.</summary>
    public IReadOnlyList<PersistentPeer> PersistentPeers { get; init; } = [];

    /// <summary>Which channels exist and their payload limits; both sides should use the same table.</summary>
    public ChannelLimits Channels { get; init; } = ChannelLimits.Default();

    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Refused handshakes logged per <see cref="HandshakeLogWindow"/>; the rest are counted in one summary line (and in the metrics).</summary>
    public int HandshakeLogBurst { get; init; } = 10;
    public TimeSpan HandshakeLogWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>First redial delay; doubles per failed attempt up to <see cref="MaxReconnectBackoff"/>.</summary>
    public TimeSpan InitialReconnectBackoff { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxReconnectBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections beyond this (inbound and outbound together) are refused.</summary>
    public int MaxPeers { get; init; } = 64;

    /// <summary>
    /// Frames queued per peer. A peer whose queue is full is disconnected: it is too slow, and the caller
    /// (consensus) must never wait on one peer's socket.
    /// </summary>
    public int SendQueueCapacity { get; init; } = 4096;

    /// <summary>Bytes queued per peer, so a queue of large block parts cannot hold gigabytes. An empty queue always takes one frame.</summary>
    public long SendQueueMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Inbound message budget per peer (token bucket: this rate, bursts of twice it). 0 disables the limit.</summary>
    public int MaxInboundMessagesPerSecond { get; init; } = 20_000;

    /// <summary>Sent on an idle connection so a silently dead peer is noticed; <see cref="IdleTimeout"/> closes it.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Score at which a peer is disconnected and banned.</summary>
    public double BanThreshold { get; init; } = 100;
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Points forgiven per second, so rare honest mistakes never add up to a ban.</summary>
    public double ScoreDecayPerSecond { get; init; } = 0.1;

    /// <summary>
    /// Also ban the peer's IP address. Loopback addresses are never IP-banned: on a one-host devnet every node is
    /// 127.0.0.1 and one bad node would otherwise cut off all the others.
    /// </summary>
    public bool BanIpAddresses { get; init; } = true;

    public double PenaltyInvalid { get; init; } = 25;
    public double PenaltyMalformed { get; init; } = 50;
    public double PenaltyOversize { get; init; } = 100;
    public double PenaltySpam { get; init; } = 2;
    public double PenaltyProtocolViolation { get; init; } = 100;

    public double PenaltyFor(Misbehavior kind) => kind switch
    {
        Misbehavior.Invalid => PenaltyInvalid,
        Misbehavior.Malformed => PenaltyMalformed,
        Misbehavior.Oversize => PenaltyOversize,
        Misbehavior.Spam => PenaltySpam,
        Misbehavior.ProtocolViolation => PenaltyProtocolViolation,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Checks the options once at construction so a bad config fails at startup, not on first use.</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(ChainId) || ChainId.Length > Hello.MaxChainIdLength) throw new ArgumentException("ChainId must be 1..32 characters");
        if (SendQueueCapacity < 1) throw new ArgumentException("SendQueueCapacity must be positive");
        if (SendQueueMaxBytes < 1) throw new ArgumentException("SendQueueMaxBytes must be positive");
        if (MaxPeers < 1) throw new ArgumentException("MaxPeers must be positive");
        if (InitialReconnectBackoff <= TimeSpan.Zero || MaxReconnectBackoff < InitialReconnectBackoff) throw new ArgumentException("reconnect backoff must be positive and capped above its start");
        if (BanThreshold <= 0) throw new ArgumentException("BanThreshold must be positive");
        if (IdleTimeout <= PingInterval) throw new ArgumentException("IdleTimeout must exceed PingInterval");
    }
}
