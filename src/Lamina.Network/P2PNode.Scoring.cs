using System.Net;
using Microsoft.Extensions.Logging;

namespace Lamina.Network;

public sealed partial class P2PNode
{
    private readonly PeerScores<PeerId> _nodeScores;
    private readonly PeerScores<IPAddress> _addressScores;
    private readonly LogThrottle _handshakeLog;

    /// <summary>
    /// Records that <paramref name="peer"/> misbehaved. Once its score reaches the threshold it is disconnected and its
    /// node id (and, outside loopback, its IP address) is banned for <see cref="P2POptions.BanDuration"/>.
    /// </summary>
    public void ReportMisbehavior(PeerId peer, Misbehavior kind, string? detail = null)
    {
        var penalty = _options.PenaltyFor(kind);
        if (penalty <= 0) return;
        var score = _nodeScores.Add(peer, penalty);
        _log.LogDebug("p2p {Id}: {Peer} misbehaved ({Kind}: {Detail}), score {Score}", Id, peer, kind, detail, score);
        if (score >= _options.BanThreshold) Ban(peer, detail ?? kind.ToString());
    }

    /// <summary>The peer's current misbehaviour score (decayed to now).</summary>
    public double ScoreOf(PeerId peer) => _nodeScores.Get(peer);

    /// <summary>Bans <paramref name="peer"/> now, whatever its score, and disconnects it.</summary>
    public void Ban(PeerId peer, string reason)
    {
        var duration = _options.BanDuration;
        IPAddress? address = null;
        Bans.Ban(peer, duration);
        _nodeScores.Reset(peer);
        if (_peers.TryGetValue(peer, out var conn))
        {
            var ip = conn.Info.RemoteEndPoint.Address;
            if (_options.BanIpAddresses && !IPAddress.IsLoopback(ip))
            {
                Bans.Ban(ip, duration);
                address = ip;
            }
            conn.Close(DisconnectReason.Banned);
        }
        Metrics.Banned();
        _log.LogWarning("p2p {Id}: banned {Peer} for {Duration} ({Reason})", Id, peer, duration, reason);
        Raise(PeerBanned, peer, address, duration);
    }

    /// <summary>
    /// A refused handshake. Refusals that honest nodes cause (other chain, other version, duplicate, timeout) cost
    /// nothing; forged or garbled handshakes count against the IP, since the peer never proved an id.
    /// </summary>
    private void OnHandshakeFailed(IPEndPoint remote, PeerProtocolException e)
    {
        Metrics.HandshakeFailed();
        if (_handshakeLog.TryEnter(out var held))
        {
            if (held > 0) _log.LogInformation("p2p {Id}: {Count} more refused handshakes were not logged (at most {Burst} lines per {Window})", Id, held, _options.HandshakeLogBurst, _options.HandshakeLogWindow);
            _log.LogInformation("p2p {Id}: handshake with {Remote} refused ({Reason}): {Error}", Id, remote, e.Reason, e.Message);
        }
        Raise(HandshakeFailed, remote, e);
        var hostile = e.Reason is ProtocolViolation.BadSignature or ProtocolViolation.MalformedMessage or ProtocolViolation.UnexpectedMessage
            or ProtocolViolation.OversizeFrame or ProtocolViolation.UnknownChannel or ProtocolViolation.EmptyFrame or ProtocolViolation.BadEphemeralKey;
        if (!hostile) return;
        Metrics.ProtocolViolated();
        var ip = remote.Address;
        if (!_options.BanIpAddresses || IPAddress.IsLoopback(ip)) return;
        if (_addressScores.Add(ip, _options.PenaltyProtocolViolation) >= _options.BanThreshold)
        {
            Bans.Ban(ip, _options.BanDuration);
            _addressScores.Reset(ip);
            Metrics.Banned();
            _log.LogWarning("p2p {Id}: banned address {Address} after failed handshakes", Id, ip);
        }
    }
}
