using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Network;
using Lamina.Network.Tests;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lamina.Node.Tests;

/// <summary>
/// A real single-validator node (RocksDB, Kestrel, its P2P listener on a loopback port) attacked over its P2P port by
/// peers that complete the real handshake (so hold a real encrypted session) and then misbehave. Each attacker must be
/// disconnected and banned (its key cannot come back), while the node keeps committing blocks and includes an honest
/// transaction sent over RPC in the middle of the attacks.
/// </summary>
public sealed class HostilePeerTests
{
    [Fact]
    public async Task Hostile_peers_are_banned_while_the_node_keeps_committing_and_includes_honest_transactions()
    {
        var clock = Stopwatch.StartNew();
        var (node, p2p, endpoint) = await StartNodeAsync();
        try
        {
            var banned = new ConcurrentQueue<PeerId>();
            p2p.PeerBanned += (peer, _, _) => banned.Enqueue(peer);
            var refusals = new ConcurrentQueue<PeerProtocolException>();
            p2p.HandshakeFailed += (_, e) => refusals.Enqueue(e);

            var start = await node.WaitForHeightAsync(2);
            using var stop = new CancellationTokenSource();
            var heights = new ConcurrentQueue<(TimeSpan At, ulong Height)>();
            var watcher = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    heights.Enqueue((clock.Elapsed, await node.HeightAsync()));
                    await Task.Delay(100);
                }
            });

            // (a) garbage after a valid handshake, not even encrypted: the first header (which travels in the clear) names
            // channel 200, so it is deterministically refused before any decryption.
            var garbage = new byte[4096];
            new Random(7).NextBytes(garbage);
            garbage[4] = 200;
            await AttackAsync(p2p, endpoint, Key("garbage"), async peer => await peer.WriteIgnoringHangUpAsync(garbage), banned, refusals);

            // (b) a frame header announcing 2 GiB on the votes channel, refused before anything is allocated or decrypted.
            await AttackAsync(p2p, endpoint, Key("oversize"), async peer => await peer.WriteIgnoringHangUpAsync([0x7f, 0xff, 0xff, 0xff, ChannelIds.Votes]), banned, refusals);

            // An honest transaction sent over RPC while the attacks go on.
            var honest = TestHome.Transfer(node.Home.Funded[0], 0, TestHome.RandomAddress(), 1_234);
            var hash = (await node.CallAsync("l1_sendTransaction", Hex.Encode(honest.Encoded)))!.GetValue<string>();
            Assert.Equal(honest.Hash.ToString(), hash);

            // (c) random bytes on the consensus channels, properly encrypted: they decrypt, then the consensus driver's
            // decoders refuse them and report the peer as Malformed (50 points each) until its score crosses the threshold.
            var random = new Random(11);
            byte[] Junk(int length)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                bytes[0] = 0xee; // no consensus message has version 0xee
                return bytes;
            }
            using var malformedKey = Key("malformed");
            var malformedId = new PeerId(malformedKey.Address);
            await AttackAsync(p2p, endpoint, malformedKey, async peer =>
            {
                await peer.WriteIgnoringHangUpAsync(peer.Seal(ChannelIds.Votes, Junk(Vote.EncodedSize)));
                await Wait.UntilAsync(() => Task.FromResult(p2p.ScoreOf(malformedId)), s => s >= 45, "the malformed vote to be scored");
                Assert.InRange(p2p.ScoreOf(malformedId), 45, 50.001); // exactly the Malformed penalty, less a little decay
                Assert.True(p2p.IsConnected(malformedId), "one malformed vote is not yet a ban");
                await peer.WriteIgnoringHangUpAsync(peer.Seal(ChannelIds.BlockParts, Junk(3_000)));
                // Scores decay (0.1 point/s), so two Malformed reports land just under the threshold of 100; a third bans.
                await Wait.UntilAsync(() => Task.FromResult(p2p.ScoreOf(malformedId)), s => s >= 95 || !p2p.IsConnected(malformedId), "the malformed proposal to be scored");
                await peer.WriteIgnoringHangUpAsync(peer.Seal(ChannelIds.Votes, Junk(40)));
            }, banned, refusals);
            Assert.Contains(node.Logs.Entries, e => e.Contains($"banned {malformedId}", StringComparison.Ordinal) && !e.Contains("ProtocolViolation", StringComparison.Ordinal));

            // (d) a frame that fails decryption: a well-formed, correctly sealed vote with one ciphertext bit flipped on the
            // way. The tag does not verify, so the session is over and the node hangs up; but whoever flipped the bit may
            // be on the path rather than the peer, so nothing is held against the peer: it may dial again at once.
            using (var tamperedKey = Key("tampered"))
            {
                var tamperedId = new PeerId(tamperedKey.Address);
                await using (var peer = await RawPeer.HandshakeAsync(endpoint, tamperedKey, TestHome.ChainId))
                {
                    await Wait.UntilAsync(() => Task.FromResult(p2p.IsConnected(tamperedId)), c => c, $"{tamperedId} admitted");
                    var reader = peer.IsClosedByRemoteAsync(10_000);
                    var sealedVote = peer.Seal(ChannelIds.Votes, Junk(Vote.EncodedSize));
                    sealedVote[FrameCodec.HeaderSize + 10] ^= 0x20;
                    await peer.WriteIgnoringHangUpAsync(sealedVote);
                    Assert.True(await reader, "the node did not hang up on a frame that fails decryption");
                }
                Assert.Contains(node.Logs.Entries, e => e.Contains(nameof(ProtocolViolation.Decryption), StringComparison.Ordinal));
                Assert.False(p2p.Bans.IsBanned(tamperedId));
                await using var again = await RawPeer.HandshakeAsync(endpoint, tamperedKey, TestHome.ChainId);
                await Wait.UntilAsync(() => Task.FromResult(p2p.IsConnected(tamperedId)), c => c, $"{tamperedId} admitted again");
            }

            // (e) a flood: pings (each sealed under its own nonce), each of which the node answers, far more than the
            // per-peer inbound budget (a burst of twice the rate) allows. Over the budget every message costs Spam points
            // until the peer is banned.
            var during = await node.HeightAsync();
            await AttackAsync(p2p, endpoint, Key("flood"), async peer => await peer.WriteIgnoringHangUpAsync(peer.SealRepeated(ChannelIds.Control, [(byte)ControlMessageType.Ping], 100_000)), banned, refusals);

            // The honest transaction is included, and blocks keep coming after every attacker is gone.
            var included = await node.WaitIncludedAsync(hash, TimeSpan.FromSeconds(10));
            Assert.Equal("included", included["status"]!.GetValue<string>());
            // The flood itself is over (banned) within a block interval or two, so whether a block lands inside it is a
            // matter of timing; what must hold is that the node is not left stuck by it: the next blocks come promptly.
            var after = await node.WaitForHeightAsync(during + 3, TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await watcher;
            Assert.True(after > start, $"no block was committed during the attacks (height {start} before, {after} after)");
            // The longest stretch without a new block stays far below the attack's length.
            var samples = heights.ToArray();
            var longestStall = TimeSpan.Zero;
            var since = samples[0];
            foreach (var s in samples)
            {
                if (s.Height > since.Height) since = s;
                else if (s.At - since.At > longestStall) longestStall = s.At - since.At;
            }
            Assert.True(longestStall < TimeSpan.FromSeconds(3), $"the node committed nothing for {longestStall.TotalSeconds:F1} s during the attacks");
            Assert.Equal(4, banned.Distinct().Count());
            await Wait.UntilAsync(() => Task.FromResult(p2p.Peers.Count), c => c == 0, "every attacker gone from the peer table");
            node.AssertNoErrorsLogged();
        }
        finally
        {
            await node.DisposeAsync();
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the test took {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// A flood of well-formed votes (a non-validator's prevote for a long-finished height, repeated): the kind of
    /// message the state machine ignores. Regression test: the driver used to feed every decoded vote to
    /// DurableConsensus, which fsynced it to the consensus WAL before the machine dropped it, so a flood queued tens
    /// of thousands of fsyncs ahead of the node's own inputs and stalled the chain. Votes the machine cannot use are
    /// now dropped before the WAL, and peers' messages are logged without fsync.
    /// </summary>
    [Fact]
    public async Task Flood_of_useless_votes_does_not_stall_consensus()
    {
        var (node, p2p, endpoint) = await StartNodeAsync();
        try
        {
            var banned = new ConcurrentQueue<PeerId>();
            p2p.PeerBanned += (peer, _, _) => banned.Enqueue(peer);
            await node.WaitForHeightAsync(2);
            using var floodKey = Key("vote-flood");
            var vote = Canonical.Encode(Vote.Create(TestHome.ChainId, VoteType.Prevote, 1, 0, Hash256.Zero, floodKey));
            var refusals = new ConcurrentQueue<PeerProtocolException>();
            p2p.HandshakeFailed += (_, e) => refusals.Enqueue(e);
            await AttackAsync(p2p, endpoint, floodKey, async peer => await peer.WriteIgnoringHangUpAsync(peer.SealRepeated(ChannelIds.Votes, vote, 100_000)), banned, refusals);
            var after = await node.HeightAsync();
            await node.WaitForHeightAsync(after + 3, TimeSpan.FromSeconds(3));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>A real node whose P2P listener is on a free loopback port, with its P2PNode and that endpoint.</summary>
    private static async Task<(NodeFixture Node, P2PNode P2P, IPEndPoint EndPoint)> StartNodeAsync()
    {
        var node = new NodeFixture();
        var p2pPort = TestHome.FreePort();
        new NodeConfig { Name = "test-node", RpcListen = $"http://127.0.0.1:{node.Home.Port}", BlockIntervalMs = 50, P2PListen = $"127.0.0.1:{p2pPort}",
            // A budget far below what a flood delivers even on a loaded machine, so the flood is scored every time.
            P2PMaxInboundPerSecond = 2_000 }.Save(node.Home.Path);
        await node.StartAsync();
        var p2p = node.App!.Services.GetRequiredService<P2PNode>();
        var endpoint = new IPEndPoint(IPAddress.Loopback, p2pPort);
        // The listener starts with the node's hosted services; wait for it rather than race it.
        await Wait.UntilAsync(() => Task.FromResult(p2p.LocalEndPoint), e => endpoint.Equals(e), $"the P2P listener on {endpoint}");
        return (node, p2p, endpoint);
    }

    private static SigningKey Key(string name) => SigningKey.FromSeed(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes("hostile-peer/" + name)));

    /// <summary>
    /// Handshakes as <paramref name="key"/>, runs the attack, and checks that the node hangs up, bans the key, and
    /// refuses the key when it dials again.
    /// </summary>
    private static async Task AttackAsync(P2PNode node, IPEndPoint endpoint, SigningKey key, Func<RawPeer, Task> attack,
        ConcurrentQueue<PeerId> banned, ConcurrentQueue<PeerProtocolException> refusals)
    {
        var id = new PeerId(key.Address);
        await using (var peer = await RawPeer.HandshakeAsync(endpoint, key, TestHome.ChainId))
        {
            await Wait.UntilAsync(() => Task.FromResult(node.IsConnected(id)), c => c, $"{id} admitted");
            var reader = peer.IsClosedByRemoteAsync(10_000);
            await attack(peer);
            Assert.True(await reader, $"the node did not hang up on {id}");
        }
        await Wait.UntilAsync(() => Task.FromResult(banned.Contains(id)), b => b, $"{id} banned");
        Assert.True(node.Bans.IsBanned(id));
        await Wait.UntilAsync(() => Task.FromResult(node.IsConnected(id)), c => !c, $"{id} gone from the peer table");

        // The ban holds: the same key is refused at the handshake (the node hangs up before it signs anything).
        var before = refusals.Count;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var again = await RawPeer.HandshakeAsync(endpoint, key, TestHome.ChainId);
            // Should the handshake ever complete, the connection must still be dropped at once.
            if (await again.IsClosedByRemoteAsync(5_000)) throw new IOException("disconnected right after the handshake");
        });
        await Wait.UntilAsync(() => Task.FromResult(refusals.Skip(before).Any(e => e.Reason == ProtocolViolation.Banned)), r => r, $"{id}'s new handshake refused as banned");
        Assert.False(node.IsConnected(id));
    }
}
