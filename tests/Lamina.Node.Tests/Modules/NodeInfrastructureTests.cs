using System.Net;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core.Crypto;
using Lamina.Network;
using Lamina.Node.Hosting;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Modules;

/// <summary>
/// /health, /metrics and the peer-to-peer transport belong to the node, not to L1: a node whose only role is served
/// by a module that is not L1 (as the coming da and light roles will be) still has all three, and its module adds
/// its own health fields and metrics.
/// </summary>
public sealed class NodeInfrastructureTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_node_without_the_l1_role_has_health_metrics_and_peers()
    {
        var config = NodeConfig.Load(_home.Path);
        config.Role = EchoNodeModule.Role;
        config.Roles = [EchoNodeModule.Role];
        config.Save(_home.Path);
        var app = LaminaNodeHost.Build(_home.Path, l => l.ClearProviders(), [new EchoNodeModule()]);
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            Assert.Null(app.Services.GetService<L1.Chain.Blockchain>());
            var (status, health) = await HealthAsync(http);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("ok", health["status"]!.GetValue<string>());
            Assert.Equal("test-node", health["node"]!.GetValue<string>());
            Assert.Equal([EchoNodeModule.Role], health["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.Equal(0, health["peers"]!.GetValue<int>());
            Assert.Equal(0, health["echoCalls"]!.GetValue<int>());
            Assert.Null(health["height"]);

            using var client = new LaminaRpcClient(new Uri(_home.BaseUri, "rpc"));
            Assert.Equal("hi", (await client.CallAsync("echo_ping", "hi"))!["echo"]!.GetValue<string>());
            var metrics = await http.GetStringAsync(new Uri(_home.BaseUri, "metrics"));
            Assert.Contains("\nlamina_echo_pings 1\n", metrics);
            Assert.Contains("\nlamina_rpc_requests_total 1\n", metrics);
            Assert.DoesNotContain("lamina_l1_height", metrics);

            // The transport was started by the host: a peer connects, and the module's channel handler hears it.
            var net = app.Services.GetRequiredService<P2PNode>();
            var channels = new ChannelLimits();
            channels.Set(42, 1024);
            // Every node of this protocol announces its roles on connecting (channel 38); a peer must know the channel.
            channels.Set(Lamina.Node.Hosting.PeerRoles.Channel, Lamina.Node.Hosting.PeerRoles.MaxPayload);
            using var peerKey = SigningKey.Generate();
            await using var peer = new P2PNode(new P2POptions { ChainId = TestHome.ChainId, ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Channels = channels }, peerKey);
            await peer.StartAsync();
            var info = await peer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, net.LocalEndPoint!.Port), net.Id);
            Assert.True(peer.Send(info.Id, 42, "ping"u8));
            var after = await Wait.UntilAsync(async () => (await HealthAsync(http)).Body,
                h => h["echoPeerMessages"]!.GetValue<int>() == 1 && h["peers"]!.GetValue<int>() == 1, "the echo module to hear the peer");
            Assert.Equal(1, after["echoCalls"]!.GetValue<int>());
            Assert.Contains("\nlamina_p2p_peers 1\n", await http.GetStringAsync(new Uri(_home.BaseUri, "metrics")));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_is_the_worst_of_the_modules_checks_with_their_reasons_and_fields()
    {
        using var key = SigningKey.Generate();
        await using var net = new P2PNode(new P2POptions { ChainId = TestHome.ChainId, ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, key);
        var config = new NodeConfig { Name = "n", Roles = ["a", "b"] };
        var health = new NodeHealth([
            new FixedCheck("a", new HealthCheckResult(HealthStatus.Syncing, new JsonObject { ["aHeight"] = 5 }, "a is catching up")),
            new FixedCheck("b", new HealthCheckResult(HealthStatus.Stalled, new JsonObject { ["bHeight"] = 7 }, "b is stuck")),
        ], net, config);
        var (status, body) = health.Report();
        Assert.Equal(HealthStatus.Stalled, status);
        Assert.Equal("stalled", body["status"]!.GetValue<string>());
        Assert.Equal("a is catching up; b is stuck", body["reason"]!.GetValue<string>());
        Assert.Equal((5, 7), (body["aHeight"]!.GetValue<int>(), body["bHeight"]!.GetValue<int>()));

        // A field belongs to one part of /health: a module reporting the node's own field (or another module's) is a bug.
        var clash = new NodeHealth([new FixedCheck("c", new HealthCheckResult(HealthStatus.Ok, new JsonObject { ["peers"] = 1 }))], net, config);
        var e = Assert.Throws<InvalidOperationException>(() => clash.Report());
        Assert.Contains("health check 'c' reports the field \"peers\"", e.Message);
    }

    private sealed class FixedCheck(string name, HealthCheckResult result) : INodeHealthCheck
    {
        public string Name => name;

        // A fresh copy each time: a JSON node can have one parent, and the report adopts the fields.
        public HealthCheckResult Check() => result with { Fields = (JsonObject)result.Fields.DeepClone() };
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri(_home.BaseUri, "health"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
