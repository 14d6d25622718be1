using System.Text.Json.Nodes;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;

namespace Lamina.Node.Optimistic;

/// <summary>
/// The optimistic rollup's roles: <c>sequencer</c> (accepts l2_sendTransaction, builds L2 blocks, posts batches,
/// derives its safe head), <c>verifier</c> (derivation from L1 and DA only) and <c>challenger</c> (a verifier that
/// disputes every output root on L1 that disagrees with its derivation and plays the game to the end: issue 14). Both serve the l2_* methods and reach L1
/// through Lamina.Client, as outsiders do; config.json's "l2" section says which rollup and which L1 node. A test or
/// simulation registers its own <see cref="L2RoleFactory"/> service (L1 in memory) to replace the client-backed one.
/// </summary>
public sealed class OptimisticNodeModule : INodeModule
{
    public const string Sequencer = "sequencer", Verifier = "verifier", Challenger = "challenger";

    public string Name => "l2-optimistic";

    public IReadOnlyList<string> Roles { get; } = [Sequencer, Verifier, Challenger];

    public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        var l2 = context.Config.L2 ?? throw new ConfigException("the sequencer and verifier roles need an \"l2\" section in config.json (rollupId, l1Rpc)");
        l2.Validate("config.json");
        if ((context.Runs(Sequencer) ? 1 : 0) + (context.Runs(Verifier) ? 1 : 0) + (context.Runs(Challenger) ? 1 : 0) > 1)
            throw new ConfigException("a node runs one of the sequencer, verifier and challenger roles");
        services.AddSingleton(sp => new L2RoleHost(context, sp.GetService<L2RoleFactory>() ?? ClientL2Roles.CreateAsync, sp.GetRequiredService<ILogger<L2RoleHost>>()));
        services.AddHostedService(sp => sp.GetRequiredService<L2RoleHost>());
        services.AddSingleton<IRpcMethodSet>(sp =>
        {
            var host = sp.GetRequiredService<L2RoleHost>();
            return new L2RpcMethods(() => host.Chain);
        });
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl) => entry["l2"] = baseUrl + "/rpc";
}
