using System.Text.Json.Nodes;
using Lamina.Client;

namespace Lamina.Node.Rollups;

/// <summary>
/// <c>explorer_l2Heads</c>: the l2_head of every L2 node named by <c>explorerL2Rpcs</c> in config.json (the devnet names
/// its sequencer and verifier), fetched by this L1 node so its explorer page shows the L2 chain's unsafe, safe and
/// finalized heads without a cross-origin call. Each entry is the node's answer with its <c>source</c>, or the error
/// that node gave; an unreachable node never fails the whole call.
/// </summary>
public sealed class ExplorerL2Heads(IReadOnlyList<string> urls) : IDisposable
{
    private readonly LaminaRpcClient[] _clients = [.. urls.Select(u => new LaminaRpcClient(new Uri(u), TimeSpan.FromSeconds(3)))];

    public async Task<JsonObject> ReadAsync(CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(_clients.Select(c => OneAsync(c, cancellationToken)));
        var heads = new JsonArray();
        foreach (var answer in answers) heads.Add(answer);
        return new JsonObject { ["heads"] = heads };
    }

    private static async Task<JsonObject> OneAsync(LaminaRpcClient client, CancellationToken cancellationToken)
    {
        try
        {
            var head = await client.RequestAsync("l2_head", new JsonArray(), cancellationToken) as JsonObject
                ?? throw new RpcClientException(RpcClientError.UnexpectedResult, client.Endpoint, $"{client.Endpoint}: l2_head answered no object");
            // The client's answer belongs to its response document; the server puts the result in one of its own.
            var copy = (JsonObject)head.DeepClone();
            copy["source"] = client.Endpoint.ToString();
            return copy;
        }
        catch (Exception e) when (e is RpcClientException or RpcException)
        {
            return new JsonObject { ["source"] = client.Endpoint.ToString(), ["error"] = e.Message };
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
