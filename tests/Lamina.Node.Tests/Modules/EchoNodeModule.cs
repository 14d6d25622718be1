using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Lamina.Node.Tests.Modules;

/// <summary>
/// A test-only layer that plugs into the node through <see cref="INodeModule"/> alone: its own role ("echo"), its
/// own RPC namespace (echo_), a peer channel, a hosted service and an endpoints.json line. Nothing in Lamina.Node
/// knows it exists.
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
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl) => entry["echo"] = baseUrl + "/rpc#echo_ping";

    public sealed class EchoMethods(string nodeName) : IRpcMethodSet
    {
        public int Calls;

        public string Namespace => "echo";

        public IReadOnlyList<string> Names { get; } = ["echo_ping"];

        public JsonNode? Invoke(string method, RpcParams parameters)
        {
            if (method != "echo_ping") throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: echo_ping");
            Interlocked.Increment(ref Calls);
            return new JsonObject { ["node"] = nodeName, ["echo"] = parameters.Get(0, "text")?.DeepClone() };
        }
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
