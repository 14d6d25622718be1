using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.DataAvailability.Columns;
using Lamina.Node.Consensus;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;
using Lamina.Node.Sidecars;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// The <c>da</c> role: a DA node custodies the PeerDAS column groups its node id selects, keeps those columns of
/// every square within the retention window in the node's store (<see cref="DaStore"/>), and serves shares with
/// column proofs to peers (channel 32, <see cref="DaShareServer"/>; whole columns on channel 36,
/// <see cref="DaColumnChannel"/>) and, with the custody map, over the da_* RPC namespace. Two ways to run it:
/// <list type="bullet">
/// <item>beside the L1 chain (roles ["full", "da"] or ["validator", "da"]): its columns come from the blocks it
/// commits and their sidecars (<see cref="DaColumnKeeper"/>);</item>
/// <item>alone (roles ["da"], with <c>daL1Rpc</c>): it follows only headers, with the light client, and fetches its
/// custody columns from peers, each checked against the verified data root on arrival (<see cref="DaFollowService"/>,
/// <see cref="DaColumnFetcher"/>); it rebuilds and re-seeds columns nobody serves once it holds half of them.</item>
/// </list>
/// </summary>
public sealed class DaNodeModule : INodeModule
{
    public const string Da = "da";

    /// <summary>How long a peer may take to answer one column request before the next peer is asked.</summary>
    private static readonly TimeSpan ColumnRequestTimeout = TimeSpan.FromSeconds(3);

    public string Name => "da";

    public IReadOnlyList<string> Roles { get; } = [Da];

    public IReadOnlyList<PeerChannel> PeerChannels { get; } =
    [
        new(DaShareServer.Channel, "da shares", DaShareServer.MaxPayload),
        // L1 nodes answer on the column channel too, from their sidecars; DA nodes from their custody store.
        new(DaColumnChannel.RequestChannel, "da columns", DaColumnChannel.MaxPayload),
        new(DaColumnChannel.PushChannel, "da re-seeded columns", DaColumnChannel.MaxPayload),
    ];

    /// <summary>A DA node with no chain of its own: it fetches its columns from the network.</summary>
    public static bool IsStandalone(NodeModuleContext context) => !context.Runs(L1NodeModule.Full) && !context.Runs(L1NodeModule.Validator);

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        if (context.Genesis.Blobs is null) throw new ConfigException($"the {Da} role needs a chain that carries blobs; this genesis has no \"blobs\" section");
        var groups = context.Config.DaCustodyGroups;
        services.AddSingleton(_ => new DaStore(context.Store));
        services.AddSingleton(sp => new DaCustody(sp.GetRequiredService<P2PNode>().Id.Address, groups));
        services.AddSingleton<DaShareServer>();
        if (IsStandalone(context))
        {
            if (context.Config.DaL1Rpc is null || !Uri.TryCreate(context.Config.DaL1Rpc, UriKind.Absolute, out _))
            {
                throw new ConfigException($"the {Da} role without \"{L1NodeModule.Full}\" or \"{L1NodeModule.Validator}\" fetches its columns from peers and needs daL1Rpc, the RPC URL of an L1 node whose headers it verifies");
            }
            services.AddSingleton(sp => new DaColumnFetcher(sp.GetRequiredService<P2PNode>(), sp.GetRequiredService<DaStore>(), sp.GetRequiredService<DaCustody>(),
                SamplingEntropy.Cryptographic, sp.GetRequiredService<ILoggerFactory>().CreateLogger<DaColumnFetcher>(), ColumnRequestTimeout,
                sp.GetRequiredService<Hosting.PeerRoles>()));
            services.AddSingleton<DaFollowService>();
            // Bad-encoding proofs this node finds in its columns, or gets from peers, go on to its peers (light nodes among them).
            services.AddSingleton(sp => new HeaderFraudGossip(sp.GetRequiredService<P2PNode>(), sp.GetRequiredService<DaFollowService>().Fraud,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<HeaderFraudGossip>()));
            services.AddHostedService(sp => sp.GetRequiredService<DaFollowService>());
            services.AddSingleton(sp => new DaReconstruction(sp.GetRequiredService<DaStore>()));
            services.AddSingleton(sp => new DaReseedIntake(sp.GetRequiredService<P2PNode>(), sp.GetRequiredService<DaStore>(), sp.GetRequiredService<DaCustody>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<DaReseedIntake>()));
            // Namespace data and the blob fee too, so that rollup nodes read from DA nodes rather than an L1 node's da role.
            services.AddSingleton(sp => new StandaloneDaQueries(sp.GetRequiredService<DaColumnFetcher>(), sp.GetRequiredService<DaFollowService>(),
                new Lamina.Client.LaminaRpcClient(new Uri(context.Config.DaL1Rpc)), context.Genesis.Blobs));
            services.AddSingleton(sp => new DaRpcMethods(sp.GetRequiredService<DaFollowService>(), sp.GetRequiredService<DaStore>(), sp.GetRequiredService<DaCustody>(),
                sp.GetRequiredService<DaReconstruction>(), sp.GetRequiredService<StandaloneDaQueries>()));
        }
        else
        {
            services.AddSingleton<DaColumnKeeper>();
            services.AddHostedService(sp => sp.GetRequiredService<DaColumnKeeper>());
            services.AddSingleton(sp => new DaRpcMethods(sp.GetRequiredService<Blockchain>(), sp.GetRequiredService<DaStore>(), sp.GetRequiredService<DaCustody>(),
                sp.GetRequiredService<BlobSidecarCache>()));
        }
        services.AddSingleton<IRpcMethodSet>(sp => sp.GetRequiredService<DaRpcMethods>());
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
        var net = app.Services.GetRequiredService<P2PNode>();
        app.Services.GetRequiredService<DaShareServer>().Register(net);
        if (IsStandalone(context))
        {
            // Beside the chain, the L1 module answers column requests from the sidecars (every column); alone, the store does.
            DaColumnChannel.Register(net, new StoreColumnSource(app.Services.GetRequiredService<DaStore>(), app.Services.GetRequiredService<DaReconstruction>()));
            app.Services.GetRequiredService<DaReseedIntake>().Register();
            var fraud = app.Services.GetRequiredService<HeaderFraudGossip>();
            fraud.Register();
            app.Services.GetRequiredService<DaColumnFetcher>().BadEncodingFound += fraud.Publish;
            // Validators ask their peers in turn for blocks they lack: one without the chain says at once it has none,
            // instead of leaving them to wait out the request.
            net.RegisterRequestHandler(ChannelIds.BlockSync, (_, payload, _) =>
            {
                _ = Canonical.Decode<SyncRequest>(payload.Span);
                return ValueTask.FromResult(Canonical.Encode(new SyncResponse(0, [])));
            });
        }
        else
        {
            // Built now, so the keeper subscribes to commits before the chain moves; it asks peers for sidecars it lacks.
            var keeper = app.Services.GetRequiredService<DaColumnKeeper>();
            if (app.Services.GetService<ConsensusDriver>() is { } driver) keeper.RequestSidecars = driver.Jobs.Sidecars.Request;
            // The DA page is now the explorer's DA panel (explorer/da.js); the old address leads there.
            app.MapGet("/da", () => Results.Redirect("/#da-section"));
        }
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl)
    {
        entry["da"] = baseUrl + "/rpc";
        // The explorer is the L1 module's page: a DA node without the chain has none (its data shows on the L1 nodes' panels).
        var roles = entry["roles"]?.AsArray().Select(r => r?.GetValue<string>()).ToList() ?? [];
        if (roles.Contains(L1NodeModule.Full) || roles.Contains(L1NodeModule.Validator)) entry["daExplorer"] = baseUrl + "/#da-section";
    }
}
