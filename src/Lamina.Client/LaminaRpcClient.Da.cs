using System.Text.Json.Nodes;
using Lamina.Client.Views;
using Lamina.Core;

namespace Lamina.Client;

/// <summary>The da_* methods of a DA node, each returning a checked view.</summary>
public sealed partial class LaminaRpcClient
{
    /// <summary>One share with its column proof; a column the node does not custody is an RpcException with reason "notCustodied".</summary>
    public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation = default)
        => ReadAsync("da_getShare", [height, row, column], DaShareView.Read, cancellation);

    public Task<DaSquareView> GetSquareAsync(ulong height, CancellationToken cancellation = default)
        => ReadAsync("da_square", [height], DaSquareView.Read, cancellation);

    /// <summary>The custody of <paramref name="nodeId"/> (this node's when null) in a square <paramref name="width"/> columns wide.</summary>
    public Task<DaCustodyView> GetCustodyAsync(Address? nodeId = null, int width = 128, CancellationToken cancellation = default)
        => ReadAsync("da_custody", [nodeId?.ToString(), width], DaCustodyView.Read, cancellation);

    /// <summary>Every share of a namespace (29 bytes as hex) with per-row namespace proofs, and its blobs; the raw answer (the proofs need the DA codec to check).</summary>
    public Task<JsonNode?> GetNamespaceDataAsync(ulong height, string namespaceHex, CancellationToken cancellation = default)
        => RequestAsync("da_getNamespaceData", new JsonArray(height, namespaceHex), cancellation);

    public Task<BlobFeeView> GetBlobFeeAsync(CancellationToken cancellation = default)
        => ReadAsync("da_blobFee", [], BlobFeeView.Read, cancellation);

    /// <summary>Several positions of one height; each answer is a share view or, for a position the node cannot serve, null.</summary>
    public async Task<IReadOnlyList<DaShareView?>> SampleAsync(ulong height, IReadOnlyList<(int Row, int Column)> positions, CancellationToken cancellation = default)
    {
        var list = new JsonArray();
        foreach (var (row, column) in positions) list.Add(new JsonArray(row, column));
        var result = await RequestAsync("da_sample", new JsonArray(height, list), cancellation);
        return Checked(() =>
        {
            if (result is not JsonArray answers || answers.Count != positions.Count) throw ViewReader.Unexpected("da_sample", Endpoint, $"the result is {Describe(result)} where {positions.Count} answers were expected");
            var views = new List<DaShareView?>(answers.Count);
            foreach (var answer in answers) views.Add(answer is JsonObject o && o["error"] is null ? DaShareView.Read(ViewReader.Of(o, "da_sample", Endpoint)) : null);
            return (IReadOnlyList<DaShareView?>)views;
        }, "da_sample");
    }
}
