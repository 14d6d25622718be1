using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.Node.Hosting;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>
/// A node that cannot commit: genesis gives it half the voting power and the other validator never starts, as on a
/// devnet with two of four validators down. Its /health must say so, and its WebSocket endpoint has a small cap.
/// </summary>
public sealed class StalledNodeFixture : NodeFixture
{
    public const int MaxSubscribers = 2;

    public override Task InitializeAsync()
    {
        using var absent = SigningKey.Generate();
        var set = new ValidatorSet([new Validator(Home.Validator.PublicKey, 100), new Validator(absent.PublicKey, 100)]);
        var balances = Home.Funded.Select(k => (k.Address, TestHome.FundedBalance)).OrderBy(b => b.Address).ToList();
        var names = set.Validators.Select(v => v.PublicKey == Home.Validator.PublicKey ? "validator-0" : "validator-1").ToList();
        var genesis = new GenesisConfig(TestHome.ChainId, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ChainParameters.Default, set, balances, names);
        File.WriteAllText(Path.Combine(Home.Path, "genesis.json"), genesis.ToJson());
        new NodeConfig
        {
            Name = "stalled-node",
            RpcListen = $"http://127.0.0.1:{Home.Port}",
            BlockIntervalMs = 50,
            HealthStallAfterSeconds = 1,
            MaxWebSocketSubscribers = MaxSubscribers,
        }.Save(Home.Path);
        return StartAsync();
    }
}

public sealed class LivenessTests(StalledNodeFixture node) : IClassFixture<StalledNodeFixture>
{
    [Fact]
    public async Task Health_answers_503_with_a_reason_when_no_block_is_committed()
    {
        var (status, health) = await Wait.UntilAsync(async () =>
        {
            using var response = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "health"));
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }, r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "/health to report the stall");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("stalled", health["status"]!.GetValue<string>());
        Assert.Equal(0UL, health["height"]!.GetValue<ulong>());
        Assert.True(health["secondsSinceLastCommit"]!.GetValue<double>() >= 1);
        Assert.Equal(0, health["peers"]!.GetValue<int>());
        Assert.False(health["syncing"]!.GetValue<bool>());
        var reason = health["reason"]!.GetValue<string>();
        Assert.Contains("no block committed for", reason);
        Assert.Contains("0 peer(s)", reason);
    }

    [Fact]
    public async Task WebSocket_subscribers_beyond_the_cap_are_refused_with_503_and_a_sentence()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var uri = new Uri($"ws://127.0.0.1:{node.Home.Port}/ws");
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < StalledNodeFixture.MaxSubscribers; i++)
            {
                var socket = new ClientWebSocket();
                open.Add(socket);
                await socket.ConnectAsync(uri, timeout.Token);
            }

            using var refused = new ClientWebSocket();
            refused.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(uri, timeout.Token));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
            var body = await RawUpgradeAsync(node.Home.Port, timeout.Token);
            Assert.StartsWith("HTTP/1.1 503", body);
            Assert.Contains("limit of 2 WebSocket subscribers (maxWebSocketSubscribers)", body);

            // A subscriber that leaves frees its slot.
            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            open[0].Dispose();
            open.RemoveAt(0);
            await Wait.UntilAsync(async () =>
            {
                try
                {
                    using var probe = new ClientWebSocket();
                    await probe.ConnectAsync(uri, timeout.Token);
                    await probe.CloseAsync(WebSocketCloseStatus.NormalClosure, "probe", timeout.Token);
                    return true;
                }
                catch (WebSocketException)
                {
                    return false;
                }
            }, ok => ok, "a freed WebSocket slot");
        }
        finally
        {
            foreach (var socket in open) socket.Dispose();
        }
    }

    /// <summary>A WebSocket upgrade request over a raw socket, to read the refusal's body.</summary>
    private static async Task<string> RawUpgradeAsync(int port, CancellationToken cancellation)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellation);
        var stream = tcp.GetStream();
        var request = $"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellation);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("maxWebSocketSubscribers", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, cancellation);
            if (n == 0) break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(0.5, 0.5, HealthStatus.Ok)]
    [InlineData(0.5, 40, HealthStatus.Syncing)]
    [InlineData(31, 0.5, HealthStatus.Stalled)]
    [InlineData(31, 40, HealthStatus.Stalled)]
    public void Health_status_follows_the_last_commit_and_the_head_age(double sinceCommit, double headAge, HealthStatus expected)
    {
        Assert.Equal(expected, Lamina.Node.Modules.L1HealthCheck.Evaluate(TimeSpan.FromSeconds(sinceCommit), TimeSpan.FromSeconds(headAge), TimeSpan.FromSeconds(30)));
    }
}
