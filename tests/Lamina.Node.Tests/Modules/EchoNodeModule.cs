using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Network;
using Lamina.Node.Hosting;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Lamina.Node.Tests.Modules;

/// <summary>
/// A test-only layer that plugs into the node through <see cref="INodeModule"/> alone: its own role ("echo"), its
/// own RPC namespace (echo_), a peer channel with a handler, a hosted service, a health check, a metric and an
/// endpoints.json line. Nothing in Lamina.Node knows it exists.
/// </summary>
public sealed class EchoNodeModule(byte channel = 42) : INodeModule
{
    public const string Role = "echo";

    public string Name => "echo";

    public IReadOnlyList<string> Roles { get; } = [Role];

    public IReadOnlyList<PeerChannel> PeerChannels { get; } = [new(channel, "echo pings", 1024)];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        services.AddSingleton(new EchoMethods(context.Config.Name));
        services.AddSingleton<IRpcMethodSet>(sp => sp.GetRequiredService<EchoMethods>());
        services.AddSingleton<EchoWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EchoWorker>());
        services.AddSingleton<INodeHealthCheck>(sp => new EchoHealth(sp.GetRequiredService<EchoMethods>()));
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
        var methods = app.Services.GetRequiredService<EchoMethods>();
        var metrics = app.Services.GetRequiredService<NodeMetrics>();
        var pings = metrics.Factory.CreateGauge("lamina_echo_pings", "echo_ping calls served.");
        metrics.BeforeScrape(() => pings.Set(Volatile.Read(ref methods.Calls)));
        app.Services.GetRequiredService<P2PNode>().RegisterHandler(channel, (_, payload) =>
        {
            Interlocked.Increment(ref methods.PeerMessages);
            return ValueTask.CompletedTask;
        });
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl) => entry["echo"] = baseUrl + "/rpc#echo_ping";

    public sealed class EchoMethods(string nodeName) : IRpcMethodSet
    {
        public int Calls;
        public int PeerMessages;

        public string Namespace => "echo";

        public IReadOnlyList<string> Names { get; } = ["echo_ping"];

        public JsonNode? Invoke(string method, RpcParams parameters)
        {
            if (method != "echo_ping") throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: echo_ping");
            Interlocked.Increment(ref Calls);
            return new JsonObject { ["node"] = nodeName, ["echo"] = parameters.Get(0, "text")?.DeepClone() };
        }
    }

    /// <summary>The module's part of /health: always ok, with its counts.</summary>
    private sealed class EchoHealth(EchoMethods methods) : INodeHealthCheck
    {
        public string Name => "echo";

        public HealthCheckResult Check() => new(HealthStatus.Ok, new JsonObject
        {
            ["echoCalls"] = Volatile.Read(ref methods.Calls),
            ["echoPeerMessages"] = Volatile.Read(ref methods.PeerMessages),
        });
    }

    /// <summary>Background work of the module: it only records that the host started it.</summary>
    public sealed class EchoWorker : Microsoft.Extensions.Hosting.BackgroundService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Started.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
