using System.Text.Json.Nodes;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;

namespace Lamina.Node.Zk;

/// <summary>
/// The ZK rollup's operator role, <c>zk-operator</c>: accepts zk_sendTransaction, builds, proves and submits batches
/// to L1's ZK settlement module, and serves the zk_* methods. It reaches L1 through Lamina.Client, as outsiders do;
/// config.json's "zk" section says which rollup and which L1 node. A test registers its own
/// <see cref="ZkOperatorFactory"/> service (L1 in memory) in place of the client-backed one.
/// </summary>
public sealed class ZkNodeModule : INodeModule
{
    public const string Operator = "zk-operator";

    public string Name => "zk-operator";

    public IReadOnlyList<string> Roles { get; } = [Operator];

    public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        var zk = context.Config.Zk ?? throw new ConfigException("the zk-operator role needs a \"zk\" section in config.json (rollupId, l1Rpc, operatorKeyFile)");
        zk.Validate("config.json");
        services.AddSingleton(sp => new ZkOperatorHost(context, sp.GetService<ZkOperatorFactory>() ?? ClientZkOperator.CreateAsync, sp.GetRequiredService<ILogger<ZkOperatorHost>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ZkOperatorHost>());
        services.AddSingleton<IRpcMethodSet>(sp =>
        {
            var host = sp.GetRequiredService<ZkOperatorHost>();
            return new ZkRpcMethods(() => host.Role, () => host.LastError);
        });
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl) => entry["zk"] = baseUrl + "/rpc";
}
