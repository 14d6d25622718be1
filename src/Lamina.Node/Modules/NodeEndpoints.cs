using System.Text.Json.Nodes;

namespace Lamina.Node.Modules;

/// <summary>One node's entry in endpoints.json: its roles, the URLs every node serves, and what each of its modules adds.</summary>
public static class NodeEndpoints
{
    public static JsonObject Describe(NodeConfig config, IEnumerable<INodeModule> catalog)
    {
        var baseUrl = config.RpcListen.TrimEnd('/');
        var roles = new JsonArray();
        foreach (var role in config.RoleSet) roles.Add(role);
        var entry = new JsonObject
        {
            ["name"] = config.Name,
            ["role"] = config.Role,
            ["roles"] = roles,
            ["rpc"] = baseUrl + "/rpc",
            ["health"] = baseUrl + "/health",
            ["metrics"] = baseUrl + "/metrics",
        };
        foreach (var module in NodeModules.For(catalog, config.RoleSet.ToHashSet(StringComparer.Ordinal))) module.DescribeEndpoints(entry, baseUrl);
        return entry;
    }
}
