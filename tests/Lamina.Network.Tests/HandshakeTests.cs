using System.Security.Cryptography;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Network.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Two_nodes_authenticate_each_other()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        var connectedOnB = new TaskCompletionSource<PeerInfo>();
        b.PeerConnected += p => connectedOnB.TrySetResult(p);

        var info = await a.ConnectAsync(TestNet.EndPoint(b));

        Assert.Equal(b.Id, info.Id);
        Assert.Equal(b.PublicKey, info.PublicKey);
        Assert.True(info.Outbound);
        Assert.Equal((ushort)TestNet.EndPoint(b).Port, info.ListenPort);
        var seenByB = await connectedOnB.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(a.Id, seenByB.Id);
        Assert.False(seenByB.Outbound);
        Assert.Equal((ushort)TestNet.EndPoint(a).Port, seenByB.ListenPort);
        Assert.Equal(1, a.Metrics.PeersConnected);
    }

    [Fact]
    public async Task Wrong_chain_id_is_refused_on_both_sides()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2, TestNet.Options(chainId: "other-chain"));
        var refusedOnB = new TaskCompletionSource<PeerProtocolException>();
        b.HandshakeFailed += (_, e) => refusedOnB.TrySetResult(e);

        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => a.ConnectAsync(TestNet.EndPoint(b)));

        Assert.Equal(ProtocolViolation.WrongChainId, e.Reason);
        // The message is the sentence alone; the violation is in Reason, not prefixed to the text.
        Assert.Equal($"peer is on chain 'other-chain', we are on '{TestNet.ChainId}'", e.Message);
        Assert.Equal(ProtocolViolation.WrongChainId, (await refusedOnB.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.Empty(a.Peers);
        Assert.Empty(b.Peers);
    }

    [Fact]
    public async Task Wrong_version_is_refused()
    {
        await using var b = await TestNet.StartAsync(2);
        await using var raw = await RawPeer.ConnectAsync(TestNet.EndPoint(b));
        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => Handshake.RunAsync(raw.Stream, TestNet.Key(9), TestNet.ChainId, 0,
            _ => null, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None, version: 7));
        Assert.Equal(ProtocolViolation.UnsupportedVersion, e.Reason);
    }

    /// <summary>Plays our half of the handshake by hand up to the Auth: sends Hello, reads theirs, returns the transcript.</summary>
    private static async Task<Hash256> HelloExchangeAsync(RawPeer raw, PublicKey claimed, ReadOnlyMemory<byte>? ephemeralKey = null)
    {
        using var ephemeral = EphemeralKeyExchange.Create();
        var eph = ephemeralKey ?? ephemeral.PublicKey;
        var reader = new FrameReader(raw.Stream, new ChannelLimits());
        var ours = new Hello(Handshake.ProtocolVersion, TestNet.ChainId, claimed, 0, RandomNumberGenerator.GetBytes(32), eph).Encode();
        await raw.WriteAsync(FrameCodec.Encode(0, ours));
        var theirs = (await reader.ReadAsync(CancellationToken.None))!.Value.Payload;
        return SessionKeys.TranscriptHash(ours, eph.Span, theirs.Span, Hello.Decode(theirs.Span).EphemeralKey.Span);
    }

    [Fact]
    public async Task Bad_signature_is_refused()
    {
        await using var b = await TestNet.StartAsync(2);
        var refused = new TaskCompletionSource<PeerProtocolException>();
        b.HandshakeFailed += (_, e) => refused.TrySetResult(e);
        using var claimed = TestNet.Key(7);   // the key the attacker claims
        using var actual = TestNet.Key(8);    // the key it really holds
        await using var raw = await RawPeer.ConnectAsync(TestNet.EndPoint(b));

        var transcript = await HelloExchangeAsync(raw, claimed.PublicKey);
        await raw.WriteAsync(FrameCodec.Encode(0, Auth.Create(actual, transcript).Encode()));

        Assert.Equal(ProtocolViolation.BadSignature, (await refused.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.True(await raw.IsClosedByRemoteAsync());
        Assert.Empty(b.Peers);
    }

    [Fact]
    public async Task Replayed_auth_for_another_transcript_is_refused()
    {
        await using var b = await TestNet.StartAsync(2);
        var refused = new TaskCompletionSource<PeerProtocolException>();
        b.HandshakeFailed += (_, e) => refused.TrySetResult(e);
        using var key = TestNet.Key(7);
        await using var raw = await RawPeer.ConnectAsync(TestNet.EndPoint(b));
        var transcript = await HelloExchangeAsync(raw, key.PublicKey);
        // A genuine signature by the right key, but over the transcript of some earlier session.
        var earlier = DomainHasher.Hash(NetworkDomains.Transcript, transcript.ToArray());
        await raw.WriteAsync(FrameCodec.Encode(0, Auth.Create(key, earlier).Encode()));
        Assert.Equal(ProtocolViolation.BadSignature, (await refused.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public async Task Low_order_ephemeral_key_is_refused_before_anything_is_signed()
    {
        await using var b = await TestNet.StartAsync(2);
        var refused = new TaskCompletionSource<PeerProtocolException>();
        b.HandshakeFailed += (_, e) => refused.TrySetResult(e);
        using var key = TestNet.Key(7);
        await using var raw = await RawPeer.ConnectAsync(TestNet.EndPoint(b));
        // u = 0 is canonical but of low order: the shared secret would be zero whatever b's key.
        await HelloExchangeAsync(raw, key.PublicKey, new byte[32]);
        Assert.Equal(ProtocolViolation.BadEphemeralKey, (await refused.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.True(await raw.IsClosedByRemoteAsync());
        Assert.Empty(b.Peers);
    }

    [Fact]
    public async Task Self_connection_is_refused()
    {
        await using var a = await TestNet.StartAsync(1);
        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => a.ConnectAsync(TestNet.EndPoint(a)));
        Assert.Equal(ProtocolViolation.SelfConnection, e.Reason);
        await Task.Delay(100);
        Assert.Empty(a.Peers);
    }

    [Fact]
    public async Task Silent_peer_times_out_the_handshake()
    {
        var options = TestNet.Options();
        await using var b = await TestNet.StartAsync(2, new P2POptions
        {
            ChainId = options.ChainId,
            ListenEndPoint = options.ListenEndPoint,
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
        });
        var refused = new TaskCompletionSource<PeerProtocolException>();
        b.HandshakeFailed += (_, e) => refused.TrySetResult(e);
        await using var raw = await RawPeer.ConnectAsync(TestNet.EndPoint(b));
        Assert.Equal(ProtocolViolation.HandshakeTimeout, (await refused.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.True(await raw.IsClosedByRemoteAsync());
    }

    [Fact]
    public async Task Persistent_peer_with_an_unexpected_key_is_refused()
    {
        await using var b = await TestNet.StartAsync(2);
        await using var a = await TestNet.StartAsync(1);
        var wrong = PeerId.FromPublicKey(TestNet.Key(3).PublicKey);
        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => a.ConnectAsync(TestNet.EndPoint(b), wrong));
        Assert.Equal(ProtocolViolation.WrongPeerId, e.Reason);
    }

    [Fact]
    public async Task Second_connection_to_the_same_node_is_deduplicated()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        var connects = 0;
        var disconnects = 0;
        b.PeerConnected += _ => Interlocked.Increment(ref connects);
        b.PeerDisconnected += (_, _) => Interlocked.Increment(ref disconnects);

        await a.ConnectAsync(TestNet.EndPoint(b));
        await a.ConnectAsync(TestNet.EndPoint(b));
        await TestNet.WaitUntil(() => b.Peers.Count == 1 && a.Peers.Count == 1, "one connection each");
        await Task.Delay(200);

        Assert.Single(a.Peers);
        Assert.Single(b.Peers);
        // a keeps the newer connection and closes the older one. Whether b sees the older's close before, during or
        // after the newer's handshake (a race), it reports the older's disconnect and the newer's connect exactly once.
        // Regression: when the older was closed but not yet removed, b used to take the slot silently (2 connects,
        // 0 disconnects, PeersConnected stuck at 2); CI hit it once in about ten runs.
        Assert.True((connects, disconnects) is (2, 1), $"{connects} connects, {disconnects} disconnects");
        Assert.Equal(1, b.Metrics.PeersConnected);
        await AssertMessageFlows(a, b);
    }

    [Fact]
    public async Task Simultaneous_dials_converge_on_one_connection()
    {
        // Both know each other as persistent peers, so both dial at once; the tie-break must keep the same connection on both ends.
        var portA = TestPorts.Free();
        var portB = TestPorts.Free();
        await using var a = await TestNet.StartAsync(1, TestNet.Options(port: portA, peers: [new PersistentPeer("127.0.0.1", portB)]));
        await using var b = await TestNet.StartAsync(2, TestNet.Options(port: portB, peers: [new PersistentPeer("127.0.0.1", portA)]));
        await TestNet.WaitUntil(() => a.Peers.Count == 1 && b.Peers.Count == 1, "mutual connection");
        await Task.Delay(500);
        Assert.Single(a.Peers);
        Assert.Single(b.Peers);
        Assert.NotEqual(a.Peers[0].Outbound, b.Peers[0].Outbound);
        await AssertMessageFlows(a, b);
        await AssertMessageFlows(b, a);
    }

    private static async Task AssertMessageFlows(P2PNode from, P2PNode to)
    {
        var got = new TaskCompletionSource<byte[]>();
        to.RegisterHandler(ChannelIds.Transactions, (_, p) =>
        {
            got.TrySetResult(p.ToArray());
            return ValueTask.CompletedTask;
        });
        Assert.True(from.Send(to.Id, ChannelIds.Transactions, [1, 2, 3]));
        Assert.Equal(new byte[] { 1, 2, 3 }, await got.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
