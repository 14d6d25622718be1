using System.Net;
using Lamina.Core.Crypto;
using Lamina.Network;

namespace Lamina.Node.Tests.Support;

/// <summary>
/// Several nodes' networks in one process, every node connected to every other: a request runs the target's handler
/// at once, a push reaches every other node's handler, and each node records the misbehaviour it reports (peer,
/// kind). For unit tests of the DA column channels; real sockets are the end-to-end tests' business.
/// </summary>
internal sealed class HubNetwork
{
    private readonly List<Member> _members = [];

    public Member Join(byte seed)
    {
        var member = new Member(this, SigningKey.FromSeed(Enumerable.Repeat(seed, 32).ToArray()).PublicKey);
        _members.Add(member);
        return member;
    }

    internal sealed class Member(HubNetwork hub, PublicKey key) : IPeerNetwork
    {
        private readonly Dictionary<byte, Func<PeerId, ReadOnlyMemory<byte>, ValueTask>> _handlers = [];
        private readonly Dictionary<byte, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>>> _requestHandlers = [];

        public PeerId Id { get; } = PeerId.FromPublicKey(key);

        public PublicKey Key { get; } = key;

        public List<(PeerId Peer, Misbehavior Kind)> Reported { get; } = [];

        public IReadOnlyList<PeerInfo> Peers => [.. hub._members.Where(m => m != this).Select(InfoOf)];

        public event Action<PeerInfo>? PeerConnected;

        public event Action<PeerInfo, DisconnectReason>? PeerDisconnected;

        public void RegisterHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, ValueTask> handler) => _handlers[channel] = handler;

        public void RegisterRequestHandler(byte channel, Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler) => _requestHandlers[channel] = handler;

        public bool Send(PeerId peer, byte channel, ReadOnlySpan<byte> payload)
        {
            var target = hub._members.Single(m => m.Id == peer);
            if (!target._handlers.TryGetValue(channel, out var handler)) return false;
            handler(Id, payload.ToArray()).AsTask().GetAwaiter().GetResult();
            return true;
        }

        public int Broadcast(byte channel, ReadOnlySpan<byte> payload, PeerId? except = null)
        {
            var sent = 0;
            foreach (var member in hub._members.Where(m => m != this && m.Id != except).ToList())
            {
                if (Send(member.Id, channel, payload)) sent++;
            }
            return sent;
        }

        public async Task<ReadOnlyMemory<byte>> RequestAsync(PeerId peer, byte channel, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var target = hub._members.Single(m => m.Id == peer);
            if (!target._requestHandlers.TryGetValue(channel, out var handler)) throw new PeerRequestException(peer, RequestFailure.Timeout, $"no handler on channel {channel}");
            return await handler(Id, payload, cancellationToken);
        }

        public void ReportMisbehavior(PeerId peer, Misbehavior kind, string? detail = null) => Reported.Add((peer, kind));

        /// <summary>Tells this member's listeners that <paramref name="peer"/> connected (the hub itself keeps everyone connected).</summary>
        public void RaiseConnected(Member peer) => PeerConnected?.Invoke(InfoOf(peer));

        /// <summary>Tells this member's listeners that <paramref name="peer"/>'s connection ended.</summary>
        public void RaiseDisconnected(Member peer) => PeerDisconnected?.Invoke(InfoOf(peer), DisconnectReason.ConnectionLost);

        private static PeerInfo InfoOf(Member m) => new(m.Id, m.Key, new IPEndPoint(IPAddress.Loopback, 1), 1, true);
    }
}
