using System.Collections.Concurrent;

namespace Lamina.Network.Tests;

public sealed class MeshTests
{
    [Fact]
    public async Task Frames_round_trip_between_nodes_on_every_channel()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        var received = new ConcurrentQueue<(PeerId, byte, byte[])>();
        byte[] channels = [ChannelIds.Transactions, ChannelIds.BlockParts, ChannelIds.Votes, ChannelIds.Evidence, ChannelIds.BlockSync];
        foreach (var ch in channels)
        {
            var channel = ch;
            b.RegisterHandler(channel, (peer, payload) =>
            {
                received.Enqueue((peer, channel, payload.ToArray()));
                return ValueTask.CompletedTask;
            });
        }
        await a.ConnectAsync(TestNet.EndPoint(b));
        await TestNet.WaitUntil(() => b.Peers.Count == 1, "b sees a");

        var sent = new List<(byte, byte[])>();
        var rng = new Random(42);
        foreach (var channel in channels)
        {
            foreach (var size in new[] { 1, 300, a.Peers.Count == 1 ? ChannelLimits.Default().MaxPayload(channel) : 0 })
            {
                var payload = new byte[size];
                rng.NextBytes(payload);
                sent.Add((channel, payload));
                Assert.True(a.Send(b.Id, channel, payload));
            }
        }
        await TestNet.WaitUntil(() => received.Count == sent.Count, "all frames delivered");
        var got = received.ToArray();
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(a.Id, got[i].Item1);
            Assert.Equal(sent[i].Item1, got[i].Item2);
            Assert.Equal(sent[i].Item2, got[i].Item3);
        }
        foreach (var channel in channels)
        {
            Assert.Equal(3, b.Metrics.Channel(channel).MessagesIn);
            Assert.Equal(3, a.Metrics.Channel(channel).MessagesOut);
            Assert.Equal(a.Metrics.Channel(channel).BytesOut, b.Metrics.Channel(channel).BytesIn);
        }
        Assert.Throws<ArgumentException>(() => a.Send(b.Id, ChannelIds.Votes, new byte[64 * 1024 + 1]));
        Assert.Throws<ArgumentException>(() => a.Send(b.Id, 77, [1]));
        Assert.Throws<ArgumentException>(() => a.Send(b.Id, ChannelIds.Control, [1]));
    }

    [Fact]
    public async Task Broadcast_with_gossip_dedup_reaches_all_four_nodes_of_a_mesh()
    {
        // A line of dials 1-2, 2-3, 3-4 plus 1-3 and 2-4 and 1-4: a full mesh built from persistent peers.
        // Each node listens on a port the OS assigns and dials the ones started before it: picking "free" ports up
        // front races other tests running in parallel, which can take a port between the probe and the bind.
        var nodes = new List<P2PNode>();
        var delivered = new ConcurrentDictionary<PeerId, int>();
        var seenSets = new List<GossipSeenSet>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var peers = new List<PersistentPeer>();
                for (var j = 0; j < i; j++) peers.Add(new PersistentPeer("127.0.0.1", nodes[j].LocalEndPoint!.Port, nodes[j].Id));
                var node = new P2PNode(TestNet.Options(peers: peers), TestNet.Key((byte)(i + 1)));
                // Relay-once gossip: the node's vote handler would look just like this.
                var seen = new GossipSeenSet(1024);
                seenSets.Add(seen);
                node.RegisterHandler(ChannelIds.Votes, (from, payload) =>
                {
                    if (!seen.TryMarkSeen(ChannelIds.Votes, payload.Span)) return ValueTask.CompletedTask;
                    delivered.AddOrUpdate(node.Id, 1, (_, n) => n + 1);
                    node.Broadcast(ChannelIds.Votes, payload.Span, except: from);
                    return ValueTask.CompletedTask;
                });
                nodes.Add(node);
                await node.StartAsync();
            }
            await TestNet.WaitUntil(() => nodes.TrueForAll(n => n.Peers.Count == 3), "full mesh of 4");

            var origin = nodes[0];
            var vote = "vote for block 7"u8.ToArray();
            // The origin marks its own message seen, as a real node does, so a relay that echoes it back (a node may
            // hear it from another relay before the origin's direct copy, and relay it to the origin) is dropped there.
            Assert.True(seenSets[0].TryMarkSeen(ChannelIds.Votes, vote));
            Assert.Equal(3, origin.Broadcast(ChannelIds.Votes, vote));
            // Right after the mesh forms, a simultaneous-dial duplicate may still be swapped for its twin, taking a
            // frame in flight with it; gossip's answer is to send again, and the seen-sets keep delivery to once.
            for (var attempt = 0; attempt < 20 && delivered.Count < 3; attempt++)
            {
                await Task.Delay(250);
                if (delivered.Count < 3) origin.Broadcast(ChannelIds.Votes, vote);
            }
            await TestNet.WaitUntil(() => delivered.Count == 3, "the vote reached the other three nodes");
            await Task.Delay(300); // give rebroadcasts time to arrive: each must be suppressed by the seen-set
            foreach (var node in nodes.GetRange(1, 3)) Assert.Equal(1, delivered[node.Id]);
            Assert.False(delivered.ContainsKey(origin.Id)); // echoes back to the origin are suppressed by its seen-set
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Persistent_peer_is_redialled_after_it_restarts()
    {
        var portB = TestPorts.Free();
        await using var a = await TestNet.StartAsync(1, TestNet.Options(peers: [new PersistentPeer("127.0.0.1", portB)]));
        var b = await TestNet.StartAsync(2, TestNet.Options(port: portB));
        var disconnected = new TaskCompletionSource<DisconnectReason>();
        a.PeerDisconnected += (_, reason) => disconnected.TrySetResult(reason);
        await TestNet.WaitUntil(() => a.Peers.Count == 1, "first connection");

        await b.DisposeAsync();
        Assert.Equal(DisconnectReason.ConnectionLost, await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await Task.Delay(300); // a few failed dials while it is down

        await using var b2 = await TestNet.StartAsync(2, TestNet.Options(port: portB));
        var got = new TaskCompletionSource<byte[]>();
        b2.RegisterHandler(ChannelIds.Transactions, (_, p) =>
        {
            got.TrySetResult(p.ToArray());
            return ValueTask.CompletedTask;
        });
        await TestNet.WaitUntil(() => a.IsConnected(b2.Id) && b2.Peers.Count == 1, "reconnected");
        Assert.True(a.Send(b2.Id, ChannelIds.Transactions, [42]));
        Assert.Equal(new byte[] { 42 }, await got.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Request_response_with_ids_timeouts_and_errors()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        // "Blocks h..h+k": the request is a height, the answer echoes it with a marker.
        Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> serve = async (_, request, ct) =>
        {
            if (request.Span[0] == 0xEE) throw new InvalidOperationException("no such block");
            if (request.Span[0] == 0xDD) await Task.Delay(2_000, ct);
            return [.. request.Span, 0xAA];
        };
        a.RegisterRequestHandler(ChannelIds.BlockSync, serve);
        b.RegisterRequestHandler(ChannelIds.BlockSync, serve);
        await a.ConnectAsync(TestNet.EndPoint(b));
        await TestNet.WaitUntil(() => b.Peers.Count == 1, "b sees a");

        // Many concurrent requests: each answer must come back to its own caller.
        var tasks = new List<Task<ReadOnlyMemory<byte>>>();
        for (byte h = 1; h <= 12; h++) tasks.Add(a.RequestAsync(b.Id, ChannelIds.BlockSync, new byte[] { h }, TimeSpan.FromSeconds(5)));
        for (byte h = 1; h <= 12; h++) Assert.Equal(new byte[] { h, 0xAA }, (await tasks[h - 1]).ToArray());
        Assert.Equal(new byte[] { 9, 0xAA }, (await b.RequestAsync(a.Id, ChannelIds.BlockSync, new byte[] { 9 }, TimeSpan.FromSeconds(5))).ToArray());

        var e = await Assert.ThrowsAsync<PeerRequestException>(() => a.RequestAsync(b.Id, ChannelIds.BlockSync, new byte[] { 0xEE }, TimeSpan.FromSeconds(5)));
        Assert.Equal(RequestFailure.RemoteError, e.Failure);
        e = await Assert.ThrowsAsync<PeerRequestException>(() => a.RequestAsync(b.Id, ChannelIds.BlockSync, new byte[] { 0xDD }, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(RequestFailure.Timeout, e.Failure);
        e = await Assert.ThrowsAsync<PeerRequestException>(() => a.RequestAsync(new PeerId(TestNet.Key(9).Address), ChannelIds.BlockSync, new byte[] { 1 }, TimeSpan.FromSeconds(1)));
        Assert.Equal(RequestFailure.NotConnected, e.Failure);

        var slow = a.RequestAsync(b.Id, ChannelIds.BlockSync, new byte[] { 0xDD }, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        a.Disconnect(b.Id);
        e = await Assert.ThrowsAsync<PeerRequestException>(() => slow);
        Assert.Equal(RequestFailure.Disconnected, e.Failure);
        Assert.Throws<InvalidOperationException>(() => a.RegisterHandler(ChannelIds.BlockSync, (_, _) => ValueTask.CompletedTask));
    }
}
