using System.Net;

namespace Lamina.Network.Tests;

public sealed class KeepaliveTests
{
    // The idle timeout leaves room for a pause: early in a test run the test host holds both thread-pool threads of this
    // 2-core machine for about 0.6 s (measured here; a third pool thread hides it, and the same two nodes in a plain
    // console process show no pause), which a 400 ms timeout did not survive.
    private static P2POptions Fast() => new()
    {
        ChainId = TestNet.ChainId,
        ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
        PingInterval = TimeSpan.FromMilliseconds(150),
        IdleTimeout = TimeSpan.FromMilliseconds(1_500),
    };

    [Fact]
    public async Task Pings_keep_a_quiet_connection_up_and_a_silent_peer_is_dropped()
    {
        await using var a = await TestNet.StartAsync(1, Fast());
        await using var b = await TestNet.StartAsync(2, Fast());
        await a.ConnectAsync(TestNet.EndPoint(b));

        using var silentKey = TestNet.Key(55);
        var silentId = new PeerId(silentKey.Address);
        var dropped = new TaskCompletionSource<DisconnectReason>();
        a.PeerDisconnected += (p, r) =>
        {
            if (p.Id == silentId) dropped.TrySetResult(r);
        };
        // Reads (so its socket never backs up) but never answers a ping.
        await using var silent = await RawPeer.HandshakeAsync(TestNet.EndPoint(a), silentKey);
        var draining = silent.IsClosedByRemoteAsync(10_000);

        Assert.Equal(DisconnectReason.IdleTimeout, await dropped.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await draining);
        await Task.Delay(500);
        Assert.True(a.IsConnected(b.Id)); // idle for longer than IdleTimeout, but pongs kept it alive
        Assert.True(a.Metrics.Channel(ChannelIds.Control).MessagesIn > 0);
    }
}
