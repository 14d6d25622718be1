using System.Net;
using System.Text;
using Lamina.Node.Rpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// HTTP to a simulated node without sockets: each request goes to the JSON-RPC server of the node
/// <paramref name="route"/> picks for it (null: no node reachable, a connection failure), over that node's real
/// method sets, and completes before SendAsync returns, so a client's awaits continue inline in the event's turn.
/// </summary>
internal sealed class SimRpcHandler(Func<string, WholeNode?> route) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content!.ReadAsStringAsync(cancellationToken);
        if (!body.IsCompleted) throw new InvalidOperationException("a simulated RPC body must be in memory");
        var node = route(body.Result);
        if (node?.Chain is not { } chain || node.Da is not { } da) throw new HttpRequestException("the simulated node is down");
        var server = new JsonRpcServer([new L1RpcMethods(chain), new Lamina.Node.ZkRollups.ZkL1RpcMethods(chain), da.Rpc], NullLogger<JsonRpcServer>.Instance);
        var answer = server.HandleAsync(body.Result, cancellationToken);
        if (!answer.IsCompleted) throw new InvalidOperationException("a simulated RPC call must answer at once");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.Result ?? "", Encoding.UTF8, "application/json") });
    }
}
