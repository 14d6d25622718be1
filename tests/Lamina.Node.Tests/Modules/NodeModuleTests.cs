using Lamina.Client;
using Lamina.Node.Hosting;
using Lamina.Node.Modules;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Modules;

/// <summary>The node-module seam: a layer the node does not know joins by role, RPC namespace, channel, background work and endpoints.</summary>
public sealed class NodeModuleTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private NodeConfig ConfigWithRoles(params string[] roles)
    {
        var config = NodeConfig.Load(_home.Path);
        config.Roles = [.. roles];
        config.Save(_home.Path);
        return config;
    }

    [Fact]
    public async Task A_test_module_adds_its_rpc_namespace_background_work_and_endpoints_without_touching_the_node()
    {
        var config = ConfigWithRoles("validator", EchoNodeModule.Role);
        var app = LaminaNodeHost.Build(_home.Path, l => l.ClearProviders(), [new EchoNodeModule()]);
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<EchoNodeModule.EchoWorker>().Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            using var client = new LaminaRpcClient(new Uri(_home.BaseUri, "rpc"));
            var echo = await client.CallAsync("echo_ping", "hello");
            Assert.Equal("hello", echo!["echo"]!.GetValue<string>());
            Assert.Equal("test-node", echo["node"]!.GetValue<string>());
            Assert.Equal(1, app.Services.GetRequiredService<EchoNodeModule.EchoMethods>().Calls);
            // The L1 namespace is still there beside it, and an unknown namespace lists both.
            Assert.Equal(TestHome.ChainId, await client.GetChainIdAsync());
            var missing = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync("da_getBlob"));
            Assert.Equal(RpcErrorCodes.MethodNotFound, missing.Code);
            Assert.Contains("echo_ping", missing.Message);
            Assert.Contains("l1_head", missing.Message);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var entry = NodeEndpoints.Describe(config, [.. NodeModules.BuiltIn(), new EchoNodeModule()]);
        Assert.Equal(["validator", "echo"], entry["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("validator", entry["role"]!.GetValue<string>());
        Assert.Equal($"http://127.0.0.1:{_home.Port}/rpc#echo_ping", entry["echo"]!.GetValue<string>());
        Assert.Equal($"ws://127.0.0.1:{_home.Port}/ws", entry["ws"]!.GetValue<string>());
    }

    [Fact]
    public void A_role_no_module_serves_is_refused_with_the_known_roles()
    {
        ConfigWithRoles("validator", EchoNodeModule.Role);
        var e = Assert.Throws<ConfigException>(() => LaminaNodeHost.Build(_home.Path, l => l.ClearProviders()));
        Assert.Contains("role \"echo\" is unknown; known roles: validator, full, da, light", e.Message);
    }

    [Fact]
    public void Two_modules_claiming_one_peer_channel_cannot_be_built_together()
    {
        // Even when the node runs only one of them: every node's channel table covers every module it knows.
        ConfigWithRoles("validator");
        var e = Assert.Throws<ConfigException>(() => LaminaNodeHost.Build(_home.Path, l => l.ClearProviders(), [new EchoNodeModule(Network.ChannelIds.Votes)]));
        Assert.Contains("both claim peer channel 3", e.Message);
    }

    [Fact]
    public void Modules_are_chosen_by_role()
    {
        var catalog = new INodeModule[] { new L1NodeModule(), new EchoNodeModule() };
        Assert.Equal(["l1"], NodeModules.For(catalog, new HashSet<string> { "full" }).Select(m => m.Name));
        Assert.Equal(["echo"], NodeModules.For(catalog, new HashSet<string> { "echo" }).Select(m => m.Name));
        Assert.Equal(["l1", "echo"], NodeModules.For(catalog, new HashSet<string> { "validator", "echo" }).Select(m => m.Name));
        Assert.Equal(["validator", "full", "echo"], NodeModules.KnownRoles(catalog));
        // The channel table covers every known module, so a peer with other roles is never cut off for using its channels.
        var channels = NodeModules.Channels(catalog);
        Assert.Equal(1024, channels.MaxPayload(42));
        Assert.Equal(Network.ChannelLimits.Default().MaxPayload(Network.ChannelIds.BlockSync), channels.MaxPayload(Network.ChannelIds.BlockSync));
    }

    [Fact]
    public void The_l1_modules_channel_table_is_the_network_default()
    {
        var fromModule = NodeModules.Channels([new L1NodeModule()]);
        // The network's default table, plus the role announcement every node sends (Hosting/PeerRoles).
        var defaults = Network.ChannelLimits.Default().Set(global::Lamina.Node.Hosting.PeerRoles.Channel, global::Lamina.Node.Hosting.PeerRoles.MaxPayload);
        for (var channel = 0; channel < 256; channel++) Assert.Equal(defaults.MaxPayload((byte)channel), fromModule.MaxPayload((byte)channel));
    }
}
