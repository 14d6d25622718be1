using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client;

namespace Lamina.Cli.Commands;

/// <summary>
/// The options every command that talks to the ZK operator shares: --zk-rpc (default: the devnet's node with role
/// zk-operator in endpoints.json) and --rpc for the L1 node (for the chain id signatures are bound to).
/// </summary>
public sealed class ZkOperatorCliOptions
{
    public Option<string?> ZkRpc { get; } = new("--zk-rpc") { Description = "The ZK operator's RPC URL (default: the devnet's zk-operator node)" };
    public Option<string?> Rpc { get; } = new("--rpc") { Description = "An L1 node's RPC URL (default: the devnet's first node)" };

    public void AddTo(Command command)
    {
        command.Options.Add(ZkRpc);
        command.Options.Add(Rpc);
    }

    public LaminaRpcClient Operator(ParseResult parse) => new(Endpoint(parse.GetValue(ZkRpc)), Defaults.RpcTimeout());

    public LaminaRpcClient L1(ParseResult parse) => Defaults.RpcClient(parse.GetValue(Rpc));

    /// <summary>--zk-rpc, else the devnet's first node with the zk-operator role in endpoints.json.</summary>
    public static Uri Endpoint(string? explicitUrl)
    {
        if (!string.IsNullOrEmpty(explicitUrl)) return Defaults.Rpc(explicitUrl);
        var endpoints = Path.Combine(Defaults.DevnetHome, "endpoints.json");
        if (File.Exists(endpoints) && JsonNode.Parse(File.ReadAllText(endpoints))?["nodes"] is JsonArray nodes)
        {
            foreach (var node in nodes)
            {
                if (node?["roles"] is JsonArray roles && roles.Any(r => r?.GetValue<string>() == "zk-operator") && node["rpc"] is JsonValue rpc) return new Uri(rpc.GetValue<string>());
            }
        }
        throw new FormatException("no ZK operator found: pass --zk-rpc, or run `lamina devnet` (its endpoints.json names the zk-operator node)");
    }
}
