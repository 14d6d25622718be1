using System.Reflection;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Mempool;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.Keys;
using Lamina.Node.Rpc;
using Lamina.Storage;
using Prometheus;

namespace Lamina.Node.Hosting;

/// <summary>
/// Composes one node from its home directory: RocksDB store, chain, mempool, block producer, and the Kestrel
/// endpoints (POST /rpc, /ws, /health, /metrics and the explorer page at /).
/// </summary>
public static class LaminaNodeHost
{
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>
    /// The pool's floor on a 2-core machine is 2 worker threads, and the node blocks pool threads on purpose: fsynced
    /// WAL and signer-state writes, synced RocksDB commits. Two of those at once would stall consensus timers and every
    /// socket loop until the pool's slow thread injection (about one thread per half second) catches up; the test
    /// host, which holds pool threads of its own, showed exactly such 0.6 s pauses. A higher floor costs only idle threads.
    /// </summary>
    private const int MinWorkerThreads = 16;

    public static WebApplication Build(string home, Action<ILoggingBuilder>? configureLogging = null)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinWorkerThreads) ThreadPool.SetMinThreads(MinWorkerThreads, completionPorts);
        home = Path.GetFullPath(home);
        var config = NodeConfig.Load(home);
        var genesis = GenesisConfig.Load(Path.Combine(home, config.GenesisFile));
        SigningKey? key = config.Role == "validator" ? KeyFile.Read(Path.Combine(home, config.ValidatorKeyFile!)) : null;

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
        builder.Services.AddSingleton(sp => new Blockchain(new ChainStore(store), genesis, sp.GetRequiredService<TimeProvider>(),
            new MempoolOptions { MaxTransactions = config.MempoolMaxTransactions }));
        builder.Services.AddSingleton(sp => new NodeMetrics(Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton<L1RpcMethods>();
        builder.Services.AddSingleton<JsonRpcServer>();
        builder.Services.AddSingleton<HeadBroadcaster>();
        builder.Services.AddSingleton<NodeHealth>();
        var nodeKeyPath = Path.Combine(home, config.NodeKeyFile);
        if (!File.Exists(nodeKeyPath))
        {
            using var fresh = SigningKey.Generate();
            KeyFile.Write(nodeKeyPath, fresh);
        }
        var nodeKey = KeyFile.Read(nodeKeyPath);
        var peers = config.PersistentPeers.Select(p =>
        {
            var (endpoint, id) = NodeConfig.ParsePeer(p, "persistentPeers");
            return new PersistentPeer(endpoint.Address.ToString(), endpoint.Port, id is { } a ? new PeerId(a) : null);
        }).ToList();
        builder.Services.AddSingleton(sp => new P2PNode(new P2POptions
        {
            ChainId = genesis.ChainId,
            ListenEndPoint = NodeConfig.ParseEndPoint(config.P2PListen, "p2pListen"),
            PersistentPeers = peers,
            MaxInboundMessagesPerSecond = config.P2PMaxInboundPerSecond,
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = TimeSpan.FromSeconds(2),
        }, nodeKey, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Lamina.Network")));
        var dataDir = Path.Combine(home, config.DataDir);
        var timeouts = new TimeoutConfig(
            TimeSpan.FromMilliseconds(config.TimeoutProposeMs), TimeSpan.FromMilliseconds(config.TimeoutDeltaMs),
            TimeSpan.FromMilliseconds(config.TimeoutVoteMs), TimeSpan.FromMilliseconds(config.TimeoutDeltaMs),
            TimeSpan.FromMilliseconds(config.TimeoutVoteMs), TimeSpan.FromMilliseconds(config.TimeoutDeltaMs));
        builder.Services.AddSingleton(sp => new ConsensusDriver(sp.GetRequiredService<Blockchain>(), sp.GetRequiredService<P2PNode>(), key, config,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ConsensusDriver>>(), () =>
            {
                // The signer's last-signed state and the WAL are fsynced before anything leaves the process.
                var signer = key is null ? null : new DoubleSignGuard(key, new FileSignerStateStore(Path.Combine(dataDir, "signer.state")));
                var machine = new TendermintStateMachine(genesis.ChainId, new ConsensusConfig(timeouts), signer);
                return DurableConsensus.Recover(machine, new FileConsensusWal(Path.Combine(dataDir, "consensus.wal")));
            }));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConsensusDriver>());

        var app = builder.Build();
        var chain = app.Services.GetRequiredService<Blockchain>();
        var metrics = app.Services.GetRequiredService<NodeMetrics>();
        _ = app.Services.GetRequiredService<HeadBroadcaster>();
        _ = app.Services.GetRequiredService<NodeHealth>();
        metrics.Height.Set(chain.Height);
        metrics.FinalizedHeight.Set(chain.FinalizedHeight);
        ulong lastBlockTime = chain.Head.Header.TimeMs;
        chain.BlockCommitted += (block, _) =>
        {
            if (block.Header.TimeMs > lastBlockTime) metrics.BlockInterval.Observe((block.Header.TimeMs - lastBlockTime) / 1000.0);
            lastBlockTime = block.Header.TimeMs;
            metrics.Height.Set(block.Height);
            metrics.FinalizedHeight.Set(chain.FinalizedHeight);
            metrics.Transactions.Inc(block.Transactions.Count);
            metrics.MempoolSize.Set(chain.Mempool.Count);
            metrics.MempoolBytes.Set(chain.Mempool.Bytes);
        };
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            key?.Dispose();
            nodeKey.Dispose();
            store.Dispose();
        });

        app.UseWebSockets();
        MapEndpoints(app, chain, config, metrics);
        app.Logger.LogInformation("Lamina node '{Name}' on chain {ChainId} at height {Height}; RPC {Rpc}/rpc", config.Name, chain.ChainId, chain.Height, config.RpcListen);
        return app;
    }

    private static void MapEndpoints(WebApplication app, Blockchain chain, NodeConfig config, NodeMetrics metrics)
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
            var response = rpc.Handle(body);
            if (response is null)
            {
                ctx.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(response);
        });

        app.Map("/ws", (HttpContext ctx, HeadBroadcaster heads) => heads.HandleAsync(ctx, app.Lifetime.ApplicationStopping));

        app.MapGet("/health", (NodeHealth health) =>
        {
            var (status, body) = health.Report();
            return Results.Content(body.ToJsonString(), "application/json", statusCode: status == HealthStatus.Stalled ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

        app.MapGet("/metrics", async (HttpContext ctx) =>
        {
            metrics.MempoolSize.Set(chain.Mempool.Count);
            metrics.MempoolBytes.Set(chain.Mempool.Bytes);
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted);
        });

        var explorer = ReadExplorerPage();
        app.MapGet("/", () => Results.Content(explorer, "text/html; charset=utf-8"));
    }

    private static string ReadExplorerPage()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("explorer.html")
            ?? throw new InvalidOperationException("explorer page resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
