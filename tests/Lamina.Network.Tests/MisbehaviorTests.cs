using System.Collections.Concurrent;
using System.Diagnostics;
using Lamina.Core.Codec;

namespace Lamina.Network.Tests;

public sealed class MisbehaviorTests
{
    public enum Attack { RandomGarbage, OversizeLength, UnknownChannel, Flood, HandshakeMessageAgain, TamperedCiphertext, ReplayedFrame, ReorderedFrames }

    /// <summary>
    /// What the attacker writes after a valid handshake. Garbage and a hostile header are refused on the clear header,
    /// before any decryption; the rest is sealed with the attacker's real session, so it is the content (or the
    /// order) that is wrong, not the encryption, except for the three attacks on the encryption itself.
    /// </summary>
    private static byte[] AttackBytes(Attack attack, RawPeer peer)
    {
        switch (attack)
        {
            case Attack.RandomGarbage:
                var garbage = new byte[4096];
                new Random(7).NextBytes(garbage);
                garbage[4] = 200; // first header names channel 200: random bytes, deterministically not a valid frame
                return garbage;
            case Attack.OversizeLength:
                return [0x7f, 0xff, 0xff, 0xff, ChannelIds.Votes];
            case Attack.UnknownChannel:
                return peer.Seal(99, [1, 2, 3]);
            case Attack.HandshakeMessageAgain:
                return peer.Seal(ChannelIds.Control, [(byte)ControlMessageType.Hello, 0, 1]);
            case Attack.TamperedCiphertext:
                var tampered = peer.Seal(ChannelIds.Transactions, new byte[32]);
                tampered[FrameCodec.HeaderSize + 7] ^= 0x01;
                return tampered;
            case Attack.ReplayedFrame:
                var once = peer.Seal(ChannelIds.Transactions, new byte[32]);
                return [.. once, .. once];
            case Attack.ReorderedFrames:
                var first = peer.Seal(ChannelIds.Transactions, new byte[32]);
                var second = peer.Seal(ChannelIds.Transactions, new byte[32]);
                return [.. second, .. first];
            default:
                return peer.SealRepeated(ChannelIds.Transactions, new byte[32], 5000);
        }
    }

    [Theory]
    [InlineData(Attack.RandomGarbage)]
    [InlineData(Attack.OversizeLength)]
    [InlineData(Attack.UnknownChannel)]
    [InlineData(Attack.Flood)]
    [InlineData(Attack.HandshakeMessageAgain)]
    [InlineData(Attack.TamperedCiphertext)]
    [InlineData(Attack.ReplayedFrame)]
    [InlineData(Attack.ReorderedFrames)]
    public async Task Hostile_peer_is_disconnected_and_banned_unless_the_fault_may_be_on_the_path_while_honest_peers_keep_talking(Attack attack)
    {
        // Frames that fail authentication end the session but cost the peer nothing: an on-path attacker could have
        // caused them, and banning would let it get honest peers banned. Everything else is the peer's own doing.
        var expectBan = attack is not (Attack.TamperedCiphertext or Attack.ReplayedFrame or Attack.ReorderedFrames);
        var options = TestNet.Options();
        await using var hub = await TestNet.StartAsync(1, new P2POptions
        {
            ChainId = options.ChainId,
            ListenEndPoint = options.ListenEndPoint,
            MaxInboundMessagesPerSecond = 1_000,
        });
        await using var b = await TestNet.StartAsync(2);
        await using var c = await TestNet.StartAsync(3);
        var atHub = new ConcurrentDictionary<PeerId, int>();
        hub.RegisterHandler(ChannelIds.Transactions, (from, _) =>
        {
            atHub.AddOrUpdate(from, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        });
        var banned = new TaskCompletionSource<PeerId>();
        hub.PeerBanned += (peer, _, _) => banned.TrySetResult(peer);
        await b.ConnectAsync(TestNet.EndPoint(hub));
        await c.ConnectAsync(TestNet.EndPoint(hub));

        using var attackerKey = TestNet.Key(66);
        var attackerId = new PeerId(attackerKey.Address);
        await using (var attacker = await RawPeer.HandshakeAsync(TestNet.EndPoint(hub), attackerKey))
        {
            await TestNet.WaitUntil(() => hub.IsConnected(attackerId), "attacker admitted");

            // Honest traffic before, during and after the attack.
            var honest = Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    b.Send(hub.Id, ChannelIds.Transactions, [(byte)i]);
                    c.Send(hub.Id, ChannelIds.Transactions, [(byte)i]);
                    await Task.Delay(2);
                }
            });
            try
            {
                await attacker.WriteAsync(AttackBytes(attack, attacker));
            }
            catch (IOException)
            {
                // The hub may hang up while the flood is still being written.
            }
            if (expectBan) Assert.Equal(attackerId, await banned.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(await attacker.IsClosedByRemoteAsync());
            await honest;
        }

        await TestNet.WaitUntil(() => atHub.GetValueOrDefault(b.Id) == 200 && atHub.GetValueOrDefault(c.Id) == 200, "all honest messages");
        await TestNet.WaitUntil(() => !hub.IsConnected(attackerId), "attacker disconnected");
        Assert.Equal(expectBan, hub.Bans.IsBanned(attackerId));
        // Only the first copy of a replayed frame is delivered; of two swapped frames, neither is.
        if (attack == Attack.ReplayedFrame) Assert.Equal(1, atHub.GetValueOrDefault(attackerId));
        if (attack is Attack.ReorderedFrames or Attack.TamperedCiphertext) Assert.False(atHub.ContainsKey(attackerId));
        Assert.True(hub.IsConnected(b.Id) && hub.IsConnected(c.Id));
        Assert.Equal(expectBan ? 1 : 0, hub.Metrics.Bans);
        if (attack != Attack.Flood) Assert.Equal(1, hub.Metrics.ProtocolViolations);
        if (!expectBan)
        {
            Assert.False(banned.Task.IsCompleted);
            Assert.Equal(0, hub.ScoreOf(attackerId));
            // Not banned: the same key may open a fresh session at once.
            await using var again = await RawPeer.HandshakeAsync(TestNet.EndPoint(hub), attackerKey);
            await TestNet.WaitUntil(() => hub.IsConnected(attackerId), "attacker admitted again");
            return;
        }

        // The ban holds: the same key cannot come back.
        var refused = new TaskCompletionSource<PeerProtocolException>();
        hub.HandshakeFailed += (_, e) => refused.TrySetResult(e);
        await Assert.ThrowsAnyAsync<Exception>(() => RawPeer.HandshakeAsync(TestNet.EndPoint(hub), attackerKey));
        Assert.Equal(ProtocolViolation.Banned, (await refused.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public async Task Handler_reports_and_decode_failures_add_up_to_a_ban()
    {
        await using var hub = await TestNet.StartAsync(1);
        await using var peer = await TestNet.StartAsync(2);
        hub.RegisterHandler(ChannelIds.Votes, (from, payload) =>
        {
            if (payload.Span[0] == 1) hub.ReportMisbehavior(from, Misbehavior.Invalid, "vote signature does not verify");
            if (payload.Span[0] == 2) throw new CodecException(CodecError.Truncated, "vote too short");
            return ValueTask.CompletedTask;
        });
        var disconnected = new TaskCompletionSource<DisconnectReason>();
        peer.PeerDisconnected += (_, r) => disconnected.TrySetResult(r);
        var hubSide = new TaskCompletionSource<DisconnectReason>();
        hub.PeerDisconnected += (_, r) => hubSide.TrySetResult(r);
        await peer.ConnectAsync(TestNet.EndPoint(hub));
        await TestNet.WaitUntil(() => hub.Peers.Count == 1, "connected");

        peer.Send(hub.Id, ChannelIds.Votes, [1]);
        await TestNet.WaitUntil(() => hub.ScoreOf(peer.Id) >= 24, "invalid vote scored");
        Assert.True(hub.IsConnected(peer.Id)); // one invalid vote is not a ban
        peer.Send(hub.Id, ChannelIds.Votes, [2]); // 25 + 50: still under 100
        peer.Send(hub.Id, ChannelIds.Votes, [2]); // 125: banned

        Assert.Equal(DisconnectReason.Banned, await hubSide.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(DisconnectReason.ConnectionLost, await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(hub.Bans.IsBanned(peer.Id));
    }

    [Fact]
    public async Task Slow_peer_overflows_its_queue_and_is_disconnected_without_blocking_the_sender()
    {
        var options = TestNet.Options();
        await using var hub = await TestNet.StartAsync(1, new P2POptions
        {
            ChainId = options.ChainId,
            ListenEndPoint = options.ListenEndPoint,
            SendQueueCapacity = 64,
            SendQueueMaxBytes = 2 * 1024 * 1024,
        });
        await using var fast = await TestNet.StartAsync(2);
        var fastGot = 0;
        fast.RegisterHandler(ChannelIds.BlockParts, (_, _) =>
        {
            Interlocked.Increment(ref fastGot);
            return ValueTask.CompletedTask;
        });
        await fast.ConnectAsync(TestNet.EndPoint(hub));
        using var slowKey = TestNet.Key(77);
        var slowId = new PeerId(slowKey.Address);
        var dropped = new TaskCompletionSource<DisconnectReason>();
        hub.PeerDisconnected += (p, r) =>
        {
            if (p.Id == slowId) dropped.TrySetResult(r);
        };
        // Never reads after the handshake: the kernel buffers fill, then the hub's queue does.
        await using var slow = await RawPeer.HandshakeAsync(TestNet.EndPoint(hub), slowKey, receiveBuffer: 4096);
        await TestNet.WaitUntil(() => hub.IsConnected(slowId) && hub.IsConnected(fast.Id), "both connected");

        var part = new byte[256 * 1024];
        var longest = TimeSpan.Zero;
        var sends = 0;
        var overall = Stopwatch.StartNew();
        while (hub.IsConnected(slowId) && overall.ElapsedMilliseconds < 10_000)
        {
            var one = Stopwatch.StartNew();
            hub.Broadcast(ChannelIds.BlockParts, part);
            if (one.Elapsed > longest) longest = one.Elapsed;
            sends++;
            if (sends % 2 == 0) await Task.Delay(5); // let the fast peer drain, as a real producer would
        }

        Assert.Equal(DisconnectReason.SendQueueOverflow, await dropped.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(longest < TimeSpan.FromMilliseconds(250), $"a send blocked for {longest.TotalMilliseconds} ms");
        Assert.Equal(1, hub.Metrics.SendQueueOverflows);
        Assert.True(hub.IsConnected(fast.Id));
        Assert.False(hub.Bans.IsBanned(slowId)); // slow is not hostile: disconnected, not banned
        await TestNet.WaitUntil(() => Volatile.Read(ref fastGot) == sends, "the fast peer got every part");
    }
}
