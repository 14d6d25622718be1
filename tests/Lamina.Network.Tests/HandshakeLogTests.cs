namespace Lamina.Network.Tests;

/// <summary>Refused handshakes cannot fill the disk: one log line each up to a burst per window, then a count.</summary>
public sealed class HandshakeLogTests
{
    [Fact]
    public void Throttle_passes_a_burst_per_window_and_reports_what_it_held_back()
    {
        var time = new ManualTimeProvider();
        var throttle = new LogThrottle(time, TimeSpan.FromSeconds(60), 3);
        var passed = 0;
        for (var i = 0; i < 100; i++)
        {
            if (throttle.TryEnter(out var held))
            {
                passed++;
                Assert.Equal(0, held);
            }
        }
        Assert.Equal(3, passed);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(throttle.TryEnter(out var summary));
        Assert.Equal(97, summary);
        Assert.True(throttle.TryEnter(out var none));
        Assert.Equal(0, none);
    }

    [Fact]
    public async Task Many_refused_handshakes_write_a_bounded_number_of_lines()
    {
        var logger = new ListLogger();
        var options = TestNet.Options();
        await using var node = new P2PNode(new P2POptions
        {
            ChainId = options.ChainId,
            ListenEndPoint = options.ListenEndPoint,
            HandshakeTimeout = TimeSpan.FromMilliseconds(200),
            HandshakeLogBurst = 5,
        }, TestNet.Key(7), TimeProvider.System, logger);
        await node.StartAsync();
        var refused = 0;
        node.HandshakeFailed += (_, _) => Interlocked.Increment(ref refused);

        const int connections = 60;
        var peers = new List<RawPeer>();
        try
        {
            // Idle connections that never say hello, as in the flood the issue describes, and some with junk.
            for (var i = 0; i < connections; i++)
            {
                var peer = await RawPeer.ConnectAsync(TestNet.EndPoint(node));
                peers.Add(peer);
                if (i % 2 == 0) await peer.WriteIgnoringHangUpAsync([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0, 0]);
            }
            await TestNet.WaitUntil(() => Volatile.Read(ref refused) >= connections, $"{connections} refused handshakes");
        }
        finally
        {
            foreach (var p in peers) await p.DisposeAsync();
        }
        var lines = logger.Lines.Count(l => l.Contains("handshake with", StringComparison.Ordinal));
        Assert.Equal(5, lines);
        Assert.True(node.Metrics.HandshakeFailures >= connections, "the metrics still count every refusal");
    }
}
