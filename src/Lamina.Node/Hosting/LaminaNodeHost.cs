using Lamina.Client;
using Lamina.Core.Crypto;
using Lamina.L1.Genesis;
using Lamina.Network;
using Lamina.Node.Keys;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;
using Lamina.Storage;
using Prometheus;

namespace Lamina.Node.Hosting;

/// <summary>
/// Composes one node from its home directory. The store, the P2P transport (started by <see cref="PeerNetworkService"/>),
/// the Kestrel host with /rpc, /health and /metrics are the node's own and run whatever its roles; everything else
/// (the chain, consensus, RPC namespaces, health checks, metrics, background work, /ws and the explorer page) comes
/// from the node modules its roles select (<see cref="INodeModule"/>).
/// </summary>
public static class LaminaNodeHost
{
    // A ZK batch submission is up to 512 KiB (Transaction.MaxEncodedSize), 1 MiB as hex, plus the JSON envelope.
    public const int MaxRequestBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The pool's floor on a 2-core machine is 2 worker threads, and the node blocks pool threads on purpose: fsynced
    /// WAL and signer-state writes, synced RocksDB commits. Two of those at once would stall consensus timers and every
    /// socket loop until the pool's slow thread injection (about one thread per half second) catches up; the test
    /// host, which holds pool threads of its own, showed exactly such 0.6 s pauses. A higher floor costs only idle threads.
    /// </summary>
    private const int MinWorkerThreads = 16;

    /// <summary>
    /// Builds the node in <paramref name="home"/>: the modules its roles need (the built-in ones, plus
    /// <paramref name="extraModules"/>), on one store, one P2P transport with the modules' channels, and one Kestrel
    /// host with POST /rpc (dispatched to the modules' RPC namespaces), /health and /metrics.
    /// </summary>
    public static WebApplication Build(string home, Action<ILoggingBuilder>? configureLogging = null, IEnumerable<INodeModule>? extraModules = null)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinWorkerThreads) ThreadPool.SetMinThreads(MinWorkerThreads, completionPorts);
        home = Path.GetFullPath(home);
        var catalog = NodeModules.BuiltIn().Concat(extraModules ?? []).ToList();
        var config = NodeConfig.Load(home, NodeModules.KnownRoles(catalog));
        var roles = config.RoleSet.ToHashSet(StringComparer.Ordinal);
        var modules = NodeModules.For(catalog, roles);
        var channels = NodeModules.Channels(catalog);
        var genesis = GenesisConfig.Load(Path.Combine(home, config.GenesisFile));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = home, Args = [] });
        builder.WebHost.UseUrls(config.RpcListen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);

        var store = RocksDbStore.Open(Path.Combine(home, config.DataDir));
        builder.Services.AddSingleton<IKeyValueStore>(store);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(genesis);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new NodeMetrics(Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton<JsonRpcServer>();
        builder.Services.AddSingleton<NodeHealth>();
        var nodeKey = ReadOrCreateNodeKey(Path.Combine(home, config.NodeKeyFile));
        builder.Services.AddSingleton(sp => new P2PNode(PeerOptions(config, genesis, channels), nodeKey,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Lamina.Network")));
        // Registered before any module's background work, so it starts first and stops last.
        builder.Services.AddHostedService<PeerNetworkService>();
        builder.Services.AddSingleton(sp => new PeerRoles(sp.GetRequiredService<P2PNode>(), config.RoleSet));

        var context = new NodeModuleContext(home, config, genesis, roles, store);
        foreach (var module in modules) module.ConfigureServices(context, builder.Services);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            nodeKey.Dispose();
            store.Dispose();
        });
        app.UseWebSockets();
        app.Services.GetRequiredService<PeerRoles>().Register();
        foreach (var module in modules) module.Configure(context, app);
        // Builds every module's health check now, so each counts from the first event this process sees.
        _ = app.Services.GetRequiredService<NodeHealth>();
        MapEndpoints(app, app.Services.GetRequiredService<NodeMetrics>());
        app.Logger.LogInformation("Lamina node '{Name}' ({Roles}; modules {Modules}) on chain {ChainId}; RPC {Rpc}/rpc",
            config.Name, string.Join(", ", config.RoleSet), string.Join(", ", modules.Select(m => m.Name)), genesis.ChainId, config.RpcListen);
        return app;
    }

    private static SigningKey ReadOrCreateNodeKey(string path)
    {
        if (!File.Exists(path))
        {
            using var fresh = SigningKey.Generate();
            KeyFile.Write(path, fresh);
        }
        return KeyFile.Read(path);
    }

    private static P2POptions PeerOptions(NodeConfig config, GenesisConfig genesis, ChannelLimits channels) => new()
    {
        ChainId = genesis.ChainId,
        ListenEndPoint = NodeConfig.ParseEndPoint(config.P2PListen, "p2pListen"),
        PersistentPeers = config.PersistentPeers.Select(p =>
        {
            var (endpoint, id) = NodeConfig.ParsePeer(p, "persistentPeers");
            return new PersistentPeer(endpoint.Address.ToString(), endpoint.Port, id is { } a ? new PeerId(a) : null);
        }).ToList(),
        Channels = channels,
        MaxInboundMessagesPerSecond = config.P2PMaxInboundPerSecond,
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
        MaxReconnectBackoff = TimeSpan.FromSeconds(2),
    };

    private static void MapEndpoints(WebApplication app, NodeMetrics metrics)
    {
        app.MapPost("/rpc", async (HttpContext ctx, JsonRpcServer rpc) =>
        {
            metrics.RpcRequests.Inc();
            string body;
            try
            {
                using var reader = new StreamReader(ctx.Request.Body);
                body = await reader.ReadToEndAsync(ctx.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                ctx.Response.ContentType = "application/json";
                var error = new System.Text.Json.Nodes.JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = null,
                    ["error"] = new System.Text.Json.Nodes.JsonObject { ["code"] = RpcErrorCodes.InvalidRequest, ["message"] = $"request body too large or unreadable: {e.Message}" },
                };
                await ctx.Response.WriteAsync(error.ToJsonString());
                return;
            }
            var response = await rpc.HandleAsync(body, ctx.RequestAborted);
            if (response is null)
            {
                ctx.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(response);
        });

        app.MapGet("/health", (NodeHealth health) =>
        {
            var (status, body) = health.Report();
            return Results.Content(body.ToJsonString(), "application/json", statusCode: status == HealthStatus.Stalled ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

        app.MapGet("/metrics", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted);
        });
    }
}
