using System.Text.Json.Nodes;

namespace Lamina.Node.Modules;

/// <summary>
/// What one layer (L1, data availability, a rollup's agents, …) contributes to a node process, through this one
/// interface: the roles it serves, its peer channels, its services (among them its RPC method sets, as
/// <see cref="Rpc.IRpcMethodSet"/>, and its background work, as hosted services), its HTTP endpoints and its lines
/// in endpoints.json. The host runs a module when the node's config names one of its roles, and is otherwise a loop
/// over modules: adding a layer touches no file of the host.
/// </summary>
public interface INodeModule
{
    /// <summary>A short name for logs and errors, e.g. "l1".</summary>
    string Name { get; }

    /// <summary>The roles this module serves ("validator", "full", "da", "sequencer", …).</summary>
    IReadOnlyList<string> Roles { get; }

    /// <summary>The peer-to-peer channels this module owns; no two running modules may claim the same channel.</summary>
    IReadOnlyList<PeerChannel> PeerChannels { get; }

    /// <summary>
    /// Registers the module's services: state, RPC method sets (as IRpcMethodSet), hosted services, and the settlement
    /// modules it adds to L1 (as <see cref="L1.Modules.L1Module"/>: they join the chain's module registry after L1's own).
    /// </summary>
    void ConfigureServices(NodeModuleContext context, IServiceCollection services);

    /// <summary>Runs once the host is built and before it starts: hook events, map HTTP endpoints, register clean-up.</summary>
    void Configure(NodeModuleContext context, WebApplication app);

    /// <summary>Adds the module's URLs to the node's endpoints.json entry; <paramref name="baseUrl"/> is the node's HTTP root.</summary>
    void DescribeEndpoints(JsonObject entry, string baseUrl);
}
