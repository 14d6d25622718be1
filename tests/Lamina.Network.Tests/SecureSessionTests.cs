using System.Net;
using System.Net.Sockets;
using Lamina.Core.Crypto;

namespace Lamina.Network.Tests;

/// <summary>
/// The encryption after the handshake: sessions over real loopback sockets, what an on-path attacker sees and can do,
/// and the cipher's own edges (counter exhaustion, header checks before decryption).
/// </summary>
public sealed class SecureSessionTests
{
    private static readonly ChannelLimits Limits = ChannelLimits.Default();

    /// <summary>A connected loopback socket pair, both ends through the real handshake (no P2PNode).</summary>
    private static async Task<(NetworkStream A, HandshakeResult ResultA, NetworkStream B, HandshakeResult ResultB)> SessionPairAsync(SigningKey keyA, SigningKey keyB)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var a = new NetworkStream(client, ownsSocket: true);
        var b = new NetworkStream(await accept, ownsSocket: true);
        var ha = Handshake.RunAsync(a, keyA, TestNet.ChainId, 1, _ => null, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        var hb = Handshake.RunAsync(b, keyB, TestNet.ChainId, 2, _ => null, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        return (a, await ha, b, await hb);
    }

    [Fact]
    public async Task Frames_round_trip_both_ways_over_a_loopback_socket_pair()
    {
        using var keyA = TestNet.Key(1);
        using var keyB = TestNet.Key(2);
        var (a, ha, b, hb) = await SessionPairAsync(keyA, keyB);
        await using (a)
        await using (b)
        using (ha.Session)
        using (hb.Session)
        {
            Assert.Equal(PeerId.FromPublicKey(keyB.PublicKey), ha.PeerId);
            Assert.Equal(PeerId.FromPublicKey(keyA.PublicKey), hb.PeerId);
            var random = new Random(5);
            var sizes = new[] { 1, 2, 255, 4096, 64 * 1024, 64 * 1024 - FrameCipher.TagSize, 1024 * 1024 + 3 };
            var payloads = sizes.Select(n =>
            {
                var p = new byte[n];
                random.NextBytes(p);
                return p;
            }).ToArray();
            var readerAtB = new FrameReader(b, Limits, hb.Session.Receive);
            var readerAtA = new FrameReader(a, Limits, ha.Session.Receive);
            foreach (var payload in payloads)
            {
                var channel = payload.Length > 64 * 1024 ? ChannelIds.BlockParts : ChannelIds.Transactions;
                await a.WriteAsync(ha.Session.Send.SealFrame(channel, payload));
                var atB = (await readerAtB.ReadAsync(CancellationToken.None))!.Value;
                Assert.Equal(channel, atB.Channel);
                Assert.Equal(payload, atB.Payload.ToArray());

                await b.WriteAsync(hb.Session.Send.SealFrame(channel, payload));
                var atA = (await readerAtA.ReadAsync(CancellationToken.None))!.Value;
                Assert.Equal(payload, atA.Payload.ToArray());
            }
            Assert.Equal((ulong)sizes.Length, ha.Session.Send.NextCounter);
            Assert.Equal((ulong)sizes.Length, hb.Session.Receive.NextCounter);
        }
    }

    [Fact]
    public async Task Directional_keys_differ_so_a_reflected_frame_does_not_open()
    {
        using var keyA = TestNet.Key(1);
        using var keyB = TestNet.Key(2);
        var (a, ha, b, hb) = await SessionPairAsync(keyA, keyB);
        await using (a)
        await using (b)
        using (ha.Session)
        using (hb.Session)
        {
            var sealedByA = ha.Session.Send.SealFrame(ChannelIds.Votes, "vote"u8);
            // Reflected back to A, at the counter A's receiver is at (0, as was A's sender): it must not open.
            var reflected = new FrameReader(new MemoryStream(sealedByA), Limits, ha.Session.Receive);
            var e = await Assert.ThrowsAsync<PeerProtocolException>(async () => await reflected.ReadAsync(CancellationToken.None));
            Assert.Equal(ProtocolViolation.Decryption, e.Reason);
            // The same bytes open at B.
            var atB = await new FrameReader(new MemoryStream(sealedByA), Limits, hb.Session.Receive).ReadAsync(CancellationToken.None);
            Assert.Equal("vote"u8.ToArray(), atB!.Value.Payload.ToArray());
        }
    }

    [Fact]
    public async Task Sessions_of_two_connections_between_the_same_nodes_have_different_keys()
    {
        using var keyA = TestNet.Key(1);
        using var keyB = TestNet.Key(2);
        var first = await SessionPairAsync(keyA, keyB);
        var second = await SessionPairAsync(keyA, keyB);
        try
        {
            // Fresh ephemeral keys per connection: a frame from one session does not open in the other.
            var sealedFrame = first.ResultA.Session.Send.SealFrame(ChannelIds.Votes, "vote"u8);
            var e = await Assert.ThrowsAsync<PeerProtocolException>(async () =>
                await new FrameReader(new MemoryStream(sealedFrame), Limits, second.ResultB.Session.Receive).ReadAsync(CancellationToken.None));
            Assert.Equal(ProtocolViolation.Decryption, e.Reason);
        }
        finally
        {
            foreach (var (a, ha, b, hb) in new[] { first, second })
            {
                await a.DisposeAsync();
                await b.DisposeAsync();
                ha.Session.Dispose();
                hb.Session.Dispose();
            }
        }
    }

    [Fact]
    public async Task Wire_bytes_do_not_contain_the_plaintext()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        await using var relay = new TcpRelay(TestNet.EndPoint(b));
        var secret = System.Text.Encoding.ASCII.GetBytes("attack at dawn; the validator set rotates at height 1000");
        var got = new TaskCompletionSource<byte[]>();
        b.RegisterHandler(ChannelIds.Transactions, (_, p) =>
        {
            got.TrySetResult(p.ToArray());
            return ValueTask.CompletedTask;
        });
        await a.ConnectAsync(relay.EndPoint);
        await TestNet.WaitUntil(() => b.IsConnected(a.Id), "connected through the relay");
        Assert.True(a.Send(b.Id, ChannelIds.Transactions, secret));
        Assert.Equal(secret, await got.Task.WaitAsync(TimeSpan.FromSeconds(5)));

        var wire = relay.Captured;
        Assert.True(wire.Length > secret.Length);
        // Not the message, nor any 8-byte piece of it.
        for (var i = 0; i + 8 <= secret.Length; i++) Assert.Equal(-1, wire.AsSpan().IndexOf(secret.AsSpan(i, 8)));
        // What a passive observer does see: the frame header (length and channel) in the clear.
        byte[] header = [0, 0, 0, (byte)secret.Length, ChannelIds.Transactions];
        Assert.NotEqual(-1, wire.AsSpan().IndexOf(header));
    }

    [Fact]
    public async Task Man_in_the_middle_swapping_ephemeral_keys_fails_the_handshake_on_both_sides()
    {
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        var refusedOnB = new TaskCompletionSource<PeerProtocolException>();
        b.HandshakeFailed += (_, e) => refusedOnB.TrySetResult(e);
        // The attacker's own key pair replaces each side's ephemeral key; it could then decrypt both legs, were the
        // Auths not signatures over the transcript each side actually saw.
        using var mitm = EphemeralKeyExchange.Create();
        await using var relay = new TcpRelay(TestNet.EndPoint(b), hello => hello with { EphemeralKey = mitm.PublicKey });

        var e = await Assert.ThrowsAsync<PeerProtocolException>(() => a.ConnectAsync(relay.EndPoint));

        Assert.Equal(ProtocolViolation.BadSignature, e.Reason);
        Assert.Equal(ProtocolViolation.BadSignature, (await refusedOnB.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.Empty(a.Peers);
        Assert.Empty(b.Peers);
    }

    [Fact]
    public async Task Relay_that_changes_nothing_is_transparent()
    {
        // The control for the test above: the same relay, rewriting each Hello to itself, lets the handshake through.
        await using var a = await TestNet.StartAsync(1);
        await using var b = await TestNet.StartAsync(2);
        await using var relay = new TcpRelay(TestNet.EndPoint(b), hello => hello);
        var info = await a.ConnectAsync(relay.EndPoint);
        Assert.Equal(b.Id, info.Id);
    }

    [Theory]
    [InlineData(4)]     // the channel byte of the header (1 → 0): the header is associated data
    [InlineData(10)]    // the ciphertext
    [InlineData(-1)]    // the tag's last byte
    public async Task Bit_flipped_on_the_wire_closes_the_connection_without_banning_the_peer(int position)
    {
        var log = new ListLogger();
        await using var hub = new P2PNode(TestNet.Options(), TestNet.Key(1), logger: log);
        await hub.StartAsync();
        var got = 0;
        hub.RegisterHandler(ChannelIds.Transactions, (_, _) =>
        {
            Interlocked.Increment(ref got);
            return ValueTask.CompletedTask;
        });
        var banned = 0;
        hub.PeerBanned += (_, _, _) => Interlocked.Increment(ref banned);
        using var key = TestNet.Key(66);
        await using var attacker = await RawPeer.HandshakeAsync(TestNet.EndPoint(hub), key);
        await TestNet.WaitUntil(() => hub.IsConnected(new PeerId(key.Address)), "admitted");

        var frame = attacker.Seal(ChannelIds.Transactions, new byte[40]);
        var at = position < 0 ? frame.Length + position : position;
        frame[at] ^= position == 4 ? (byte)(ChannelIds.Transactions ^ ChannelIds.Control) : (byte)0x04;
        await attacker.WriteAsync(frame);

        Assert.True(await attacker.IsClosedByRemoteAsync());
        await TestNet.WaitUntil(() => !hub.IsConnected(new PeerId(key.Address)), "the tampered session dropped");
        Assert.Equal(0, Volatile.Read(ref got));
        // Whoever flipped the bit may be on the path rather than the peer: nothing is held against the peer.
        Assert.Equal(0, Volatile.Read(ref banned));
        Assert.False(hub.Bans.IsBanned(new PeerId(key.Address)));
        Assert.Equal(0, hub.ScoreOf(new PeerId(key.Address)));
        Assert.Equal(1, hub.Metrics.ProtocolViolations);
        Assert.Contains(log.Lines, l => l.Contains("protocol violation", StringComparison.Ordinal) && l.Contains(nameof(ProtocolViolation.Decryption), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reader_refuses_tampering_and_truncation_with_typed_reasons()
    {
        byte[] key = [.. Enumerable.Repeat((byte)1, 32)];
        using var sender = new FrameCipher(key);
        var frame = sender.SealFrame(ChannelIds.Votes, new byte[100]);

        // A fresh receiver per case, at counter 0 like the sender was.
        static async Task<ProtocolViolation> Refusal(byte[] bytes, byte[] key)
        {
            using var receiver = new FrameCipher(key);
            var reader = new FrameReader(new MemoryStream(bytes), Limits, receiver);
            return (await Assert.ThrowsAsync<PeerProtocolException>(async () => await reader.ReadAsync(CancellationToken.None))).Reason;
        }

        var flipped = (byte[])frame.Clone();
        flipped[FrameCodec.HeaderSize] ^= 0x80;
        Assert.Equal(ProtocolViolation.Decryption, await Refusal(flipped, key));
        // The same above the libsodium/OpenSSL threshold, where a failed tag surfaces as another exception inside.
        var large = sender.SealFrame(ChannelIds.Votes, new byte[FrameCipher.LargeFrameThreshold * 2]);
        large[^1] ^= 0x01;
        using (var skip = new FrameCipher(key, 1, true))
        {
            var reader = new FrameReader(new MemoryStream(large), Limits, skip);
            Assert.Equal(ProtocolViolation.Decryption, (await Assert.ThrowsAsync<PeerProtocolException>(async () => await reader.ReadAsync(CancellationToken.None))).Reason);
        }
        Assert.Equal(ProtocolViolation.Decryption, await Refusal(frame, new byte[32]));
        Assert.Equal(ProtocolViolation.TruncatedFrame, await Refusal(frame[..^1], key));
        // The header is still checked against the channel table before anything is read or allocated.
        Assert.Equal(ProtocolViolation.OversizeFrame, await Refusal([0x7f, 0xff, 0xff, 0xff, ChannelIds.Votes], key));
        Assert.Equal(ProtocolViolation.UnknownChannel, await Refusal([0, 0, 0, 1, 99], key));
        Assert.Equal(ProtocolViolation.EmptyFrame, await Refusal([0, 0, 0, 0, ChannelIds.Votes], key));
    }

    [Fact]
    public void Counter_exhaustion_is_refused_rather_than_a_nonce_reused()
    {
        var key = new byte[32];
        using var sender = new FrameCipher(key, ulong.MaxValue - 1);
        using var receiver = new FrameCipher(key, ulong.MaxValue - 1);
        var last = sender.SealFrame(ChannelIds.Votes, [1]);
        Assert.Equal(ulong.MaxValue, sender.NextCounter);
        Assert.Equal(ProtocolViolation.NonceExhausted, Assert.Throws<PeerProtocolException>(() => sender.SealFrame(ChannelIds.Votes, [2])).Reason);

        var payload = new byte[1];
        receiver.Open(last.AsSpan(0, FrameCodec.HeaderSize), last.AsSpan(FrameCodec.HeaderSize, 1), last.AsSpan(FrameCodec.HeaderSize + 1), payload);
        Assert.Equal(1, payload[0]);
        Assert.Equal(ProtocolViolation.NonceExhausted, Assert.Throws<PeerProtocolException>(() =>
            receiver.Open(last.AsSpan(0, FrameCodec.HeaderSize), last.AsSpan(FrameCodec.HeaderSize, 1), last.AsSpan(FrameCodec.HeaderSize + 1), payload)).Reason);
    }
}
