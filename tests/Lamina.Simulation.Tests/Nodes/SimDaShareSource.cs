using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Node.DataAvailability;
using Lamina.Node.Rpc;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A simulated DA node as a light node reaches it: the node's real da_* methods, answered at once (the simulation's
/// light nodes sample in one event), and unreachable while the node is down or runs no DA service.
/// </summary>
internal sealed class SimDaShareSource(WholeNode node) : IDaShareSource
{
    private static readonly Uri Endpoint = new("http://sim.invalid/rpc");

    public string Name => $"da-{node.Index}";

    public Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation)
        => Task.FromResult(DaCustodyView.Read(Call("da_custody", new JsonArray(null, width))));

    public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation)
        => Task.FromResult(DaShareView.Read(Call("da_getShare", new JsonArray(height, row, column))));

    public Task<IReadOnlyList<DaShareView?>> GetSharesAsync(ulong height, IReadOnlyList<(int Row, int Column)> positions, CancellationToken cancellation)
    {
        var list = new JsonArray();
        foreach (var (row, column) in positions) list.Add(new JsonArray(row, column));
        var result = JsonNode.Parse(Rpc().Invoke("da_sample", new RpcParams(JsonNode.Parse(new JsonArray(height, list).ToJsonString())))!.ToJsonString())!.AsArray();
        var views = new List<DaShareView?>(result.Count);
        foreach (var answer in result) views.Add(answer is JsonObject o && o["error"] is null ? DaShareView.Read(ViewReader.Of(o, "da_sample", Endpoint)) : null);
        return Task.FromResult<IReadOnlyList<DaShareView?>>(views);
    }

    /// <summary>The answer as a client reads it: serialized and parsed, as it would cross the wire.</summary>
    private ViewReader Call(string method, JsonArray parameters)
        => ViewReader.Of(JsonNode.Parse(Rpc().Invoke(method, new RpcParams(JsonNode.Parse(parameters.ToJsonString())))!.ToJsonString()), method, Endpoint);

    private DaRpcMethods Rpc()
        => node.Up && node.Da is { } da ? da.Rpc : throw new RpcClientException(RpcClientError.Unreachable, Endpoint, $"DA node {node.Index} is down");
}
