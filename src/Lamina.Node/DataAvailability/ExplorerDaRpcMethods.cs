using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.Node.Rpc;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// What the L1 explorer's DA panel reads from an L1 node on a chain with blobs (namespace <c>explorer_</c>):
/// <list type="bullet">
/// <item><c>explorer_blobBlocks [count]</c>: the latest blocks that carry blobs (at most 2,000 heights back), each with
/// its data root, blob count and bytes, and the block's blob base fee (EIP-4844's, from the blob module's state at that
/// height). Final blocks never change, so each height is read once.</item>
/// <item><c>explorer_lightStatus</c>: the verdicts of the light node named by <c>explorerLightRpc</c> (its
/// light_status, fetched by this node, so the page needs no cross-origin call).</item>
/// <item><c>explorer_rollupBatches</c> and <c>explorer_rollupWithdrawals</c>: the L2 panel's batches (bytes per
/// transaction) and paid withdrawals, answered by <see cref="Rollups.ExplorerRollupViews"/> (the namespace is one set's).</item>
/// <item><c>explorer_l2Heads</c>: the heads of the L2 nodes named by <c>explorerL2Rpcs</c> (<see cref="Rollups.ExplorerL2Heads"/>).</item>
/// </list>
/// </summary>
public sealed class ExplorerDaRpcMethods(Blockchain chain, NodeConfig config, Rollups.ExplorerRollupViews? rollups = null) : IRpcMethodSet, IDisposable
{
    public const int MaxScan = 2_000, MaxCount = 50;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, JsonObject?> _seen = [];
    private readonly LaminaRpcClient? _light = config.ExplorerLightRpc is { } url ? new LaminaRpcClient(new Uri(url), TimeSpan.FromSeconds(3)) : null;
    private readonly Rollups.ExplorerL2Heads? _l2 = config.ExplorerL2Rpcs is [_, ..] urls ? new Rollups.ExplorerL2Heads(urls) : null;

    public string Namespace => "explorer";

    public IReadOnlyList<string> Names { get; } = ["explorer_blobBlocks", "explorer_lightStatus", "explorer_rollupBatches", "explorer_rollupWithdrawals", "explorer_l2Heads"];

    public JsonNode? Invoke(string method, RpcParams parameters) => method switch
    {
        "explorer_blobBlocks" => BlobBlocks(parameters),
        "explorer_rollupBatches" => Rollups().Batches(parameters),
        "explorer_rollupWithdrawals" => Rollups().Withdrawals(parameters),
        "explorer_lightStatus" or "explorer_l2Heads" => throw new RpcException(RpcErrorCodes.InternalError, $"{method} answers asynchronously"),
        _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
    };

    public async ValueTask<JsonNode?> InvokeAsync(string method, RpcParams parameters, CancellationToken cancellationToken)
    {
        if (method == "explorer_l2Heads")
        {
            return _l2 is null
                ? throw new RpcException(RpcErrorCodes.NotFound, "this node names no L2 nodes (explorerL2Rpcs in config.json)", new JsonObject { ["reason"] = "noL2Nodes" })
                : await _l2.ReadAsync(cancellationToken);
        }
        if (method != "explorer_lightStatus") return Invoke(method, parameters);
        if (_light is null) throw new RpcException(RpcErrorCodes.NotFound, "this node names no light node (explorerLightRpc in config.json)", new JsonObject { ["reason"] = "noLightNode" });
        try
        {
            var status = await _light.RequestAsync("light_status", new JsonArray(), cancellationToken) as JsonObject
                ?? throw new RpcException(RpcErrorCodes.InternalError, "the light node's light_status is not an object");
            // The client's answer belongs to its response document; the server puts the result in one of its own.
            var copy = (JsonObject)status.DeepClone();
            copy["source"] = _light.Endpoint.ToString();
            return copy;
        }
        catch (Exception e) when (e is RpcClientException or RpcException { Code: not RpcErrorCodes.InternalError })
        {
            throw new RpcException(RpcErrorCodes.NotFound, $"the light node at {_light.Endpoint} did not answer: {e.Message}", new JsonObject { ["reason"] = "lightNodeUnreachable" });
        }
    }

    private Rollups.ExplorerRollupViews Rollups() => rollups ?? throw new RpcException(RpcErrorCodes.NotFound, "this node keeps no blob sidecars, so it cannot show what batches carry");

    private JsonObject BlobBlocks(RpcParams parameters)
    {
        var count = (int)Math.Min(parameters.OptionalULong(0, "count") ?? 15, MaxCount);
        var head = chain.Height;
        var lowest = head > MaxScan ? head - MaxScan + 1 : 1;
        var blocks = new JsonArray();
        lock (_gate)
        {
            for (var height = head; height >= lowest && height > 0 && blocks.Count < count; height--)
            {
                if (!_seen.TryGetValue(height, out var entry)) _seen[height] = entry = Entry(height);
                if (entry is not null) blocks.Add(entry.DeepClone());
            }
            foreach (var old in _seen.Keys.Where(h => h < lowest).ToList()) _seen.Remove(old);
        }
        return new JsonObject { ["height"] = head, ["scannedFrom"] = lowest, ["blocks"] = blocks };
    }

    private JsonObject? Entry(ulong height)
    {
        if (chain.Store.GetBlock(height) is not { } block || block.Header.DataRoot == Hash256.Zero) return null;
        var blobs = 0;
        ulong bytes = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            blobs++;
            bytes += blob.DataLength;
        }
        var module = chain.Modules.Find<BlobModule>();
        var fee = module?.CurrentBaseFee(chain.StateAt(height));
        return new JsonObject
        {
            ["height"] = height,
            ["hash"] = block.Hash.ToString(),
            ["dataRoot"] = block.Header.DataRoot.ToString(),
            ["blobs"] = blobs,
            ["blobBytes"] = bytes,
            ["blobBaseFee"] = fee?.ToString(CultureInfo.InvariantCulture),
            ["timeMs"] = block.Header.TimeMs,
        };
    }

    public void Dispose()
    {
        _light?.Dispose();
        _l2?.Dispose();
    }
}
