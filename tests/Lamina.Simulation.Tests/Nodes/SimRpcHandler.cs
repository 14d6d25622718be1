using System.Net;
using System.Text;
using Lamina.Node.Rpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// HTTP to a simulated node without sockets: each request goes to the JSON-RPC server of the node
/// <paramref name="route"/> picks for it (null: no node reachable, a connection failure), over that node's real
/// method sets (the rollup and dispute methods where the chain runs the rollups module, DA's where the node runs
/// the da role), and completes before SendAsync returns, so a client's awaits continue inline in the event's turn.
/// </summary>
internal sealed class SimRpcHandler(Func<string, WholeNode?> route) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content!.ReadAsStringAsync(cancellationToken);
        if (!body.IsCompleted) throw new InvalidOperationException("a simulated RPC body must be in memory");
        var node = route(body.Result);
        if (node?.Chain is not { } chain) throw new HttpRequestException("the simulated node is down");
        List<IRpcMethodSet> methods = [new L1RpcMethods(chain), new Lamina.Node.ZkRollups.ZkL1RpcMethods(chain)];
        if (node.Da is { } da) methods.Add(da.Rpc);
        if (chain.Modules.Find<Lamina.L1.Rollups.RollupsModule>() is not null) methods.AddRange([new Lamina.Node.Rollups.RollupRpcMethods(chain), new Lamina.Node.Rollups.DisputeRpcMethods(chain)]);
        var server = new JsonRpcServer(methods, NullLogger<JsonRpcServer>.Instance);
        var answer = server.HandleAsync(body.Result, cancellationToken);
        if (!answer.IsCompleted) throw new InvalidOperationException("a simulated RPC call must answer at once");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.Result ?? "", Encoding.UTF8, "application/json") });
    }
}
