using System.Text.Json.Nodes;

namespace Lamina.Node.Rpc;

/// <summary>
/// The JSON-RPC methods of one namespace ("l1" for l1_*, later "da", "l2", "rollup", "zk"). A node module registers
/// its sets as services; <see cref="JsonRpcServer"/> dispatches each call by the text before its first underscore.
/// </summary>
public interface IRpcMethodSet
{
    /// <summary>The namespace without the underscore, e.g. "l1"; every name in <see cref="Names"/> starts with it and "_".</summary>
    string Namespace { get; }

    IReadOnlyList<string> Names { get; }

    /// <summary>Runs one method of this namespace. Every failure is an RpcException with a code and a message.</summary>
    JsonNode? Invoke(string method, RpcParams parameters);

    /// <summary>
    /// What the server calls: a set whose methods wait (l2_sendTransaction waits for its soft confirmation, a synced
    /// journal write) overrides it so the wait holds no thread; the default runs <see cref="Invoke"/>, which answers at once.
    /// </summary>
    ValueTask<JsonNode?> InvokeAsync(string method, RpcParams parameters, CancellationToken cancellationToken) => ValueTask.FromResult(Invoke(method, parameters));
}
