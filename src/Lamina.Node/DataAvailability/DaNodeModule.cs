using System.Text.Json.Nodes;
using Lamina.Network;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// The <c>da</c> role: a DA node custodies the PeerDAS column groups its node id selects, keeps those columns of
/// every square within the retention window in the node's store (<see cref="DaColumnKeeper"/>, <see cref="DaStore"/>),
/// and serves shares with column proofs to peers (channel 32, <see cref="DaShareServer"/>) and, with the custody map,
/// over the da_* RPC namespace. It runs beside the L1 chain
/// (roles ["full", "da"] or ["validator", "da"]), whose committed blocks are where its columns come from.
/// </summary>
public sealed class DaNodeModule : INodeModule
{
    public const string Da = "da";

    public string Name => "da";

    public IReadOnlyList<string> Roles { get; } = [Da];

    public IReadOnlyList<PeerChannel> PeerChannels { get; } = [new(DaShareServer.Channel, "da shares", DaShareServer.MaxPayload)];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        if (!context.Runs(L1NodeModule.Full) && !context.Runs(L1NodeModule.Validator))
        {
            throw new ConfigException($"the {Da} role follows the chain: run it with \"{L1NodeModule.Full}\" or \"{L1NodeModule.Validator}\", e.g. \"roles\": [\"{L1NodeModule.Full}\", \"{Da}\"]");
        }
        if (context.Genesis.Blobs is null) throw new ConfigException($"the {Da} role needs a chain that carries blobs; this genesis has no \"blobs\" section");
        var groups = context.Config.DaCustodyGroups;
        services.AddSingleton(_ => new DaStore(context.Store));
        services.AddSingleton(sp => new DaCustody(sp.GetRequiredService<P2PNode>().Id.Address, groups));
        services.AddSingleton<DaColumnKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DaColumnKeeper>());
        services.AddSingleton<DaShareServer>();
        services.AddSingleton<DaRpcMethods>();
        services.AddSingleton<IRpcMethodSet>(sp => sp.GetRequiredService<DaRpcMethods>());
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
        // Built now, so the keeper subscribes to commits before the chain moves.
        _ = app.Services.GetRequiredService<DaColumnKeeper>();
        app.Services.GetRequiredService<DaShareServer>().Register(app.Services.GetRequiredService<P2PNode>());
        // The DA page is now the explorer's DA panel (explorer/da.js); the old address leads there.
        app.MapGet("/da", () => Results.Redirect("/#da-section"));
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl)
    {
        entry["da"] = baseUrl + "/rpc";
        entry["daExplorer"] = baseUrl + "/#da-section";
    }
}
