using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.L1.Chain;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.Node.Rpc;

namespace Lamina.Node.Rollups;

/// <summary>
/// The dispute_* JSON-RPC methods, read from the head state like rollup_*. The documented names are
/// <c>rollup_getDisputes</c> and <c>rollup_getGame</c> (<see cref="RollupRpcMethods"/> answers them here);
/// <c>dispute_list</c> and <c>dispute_get</c> are their aliases, kept for existing callers. <c>dispute_list(rollupId)</c> summarises
/// every game against the rollup's outputs in creation order; <c>dispute_get(rollupId, outputIndex)</c> answers the
/// whole game (claims, clocks at the head's time, descents, reveals, and payouts once resolved; see
/// <see cref="DisputeJson"/>); <c>dispute_getRecord(rollupId, outputIndex)</c> answers the game's record in its
/// canonical encoding (hex, null when there is no game), which a challenger decodes and replays exactly as L1 does.
/// </summary>
/// <param name="views">The node's kept game replays (<see cref="DisputeGameViews"/>), shared with <see cref="RollupRpcMethods"/>.</param>
public sealed class DisputeRpcMethods(Blockchain chain, DisputeGameViews? views = null) : IRpcMethodSet
{
    private readonly DisputeGameViews _views = views ?? new();

    public string Namespace => "dispute";

    IReadOnlyList<string> IRpcMethodSet.Names => Names;

    public static readonly string[] Names = ["dispute_list", "dispute_get", "dispute_getRecord"];

    public JsonNode? Invoke(string method, RpcParams p)
    {
        if (chain.Modules.Find<RollupsModule>() is null) throw new RpcException(RpcErrorCodes.NotFound, $"chain {chain.ChainId} does not run the rollups module (its genesis has no \"rollups\" section)");
        var state = chain.StateAt();
        var id = p.OptionalULong(0, "rollupId") ?? throw RpcParams.Invalid("parameter 'rollupId' is required");
        var rollup = RollupLedger.Find(state, id) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no rollup {id} is registered");
        JsonObject body;
        switch (method)
        {
            case "dispute_list":
                var games = new JsonArray();
                foreach (var index in DisputeLedger.Index(state, id).OutputIndices) games.Add(DisputeJson.Summary(DisputeLedger.Find(state, id, index)!));
                body = new JsonObject { ["rollupId"] = id, ["games"] = games };
                break;
            case "dispute_get":
                var output = p.OptionalULong(1, "outputIndex") ?? throw RpcParams.Invalid("parameter 'outputIndex' is required");
                var record = DisputeLedger.Find(state, id, output) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no game against output {output} of rollup {id}");
                body = _views.Game(record, rollup.Config, new StateRollupRecords(state, id), chain.Head.Header.TimeMs);
                break;
            case "dispute_getRecord":
                var disputed = p.OptionalULong(1, "outputIndex") ?? throw RpcParams.Invalid("parameter 'outputIndex' is required");
                var found = DisputeLedger.Find(state, id, disputed);
                body = new JsonObject { ["rollupId"] = id, ["outputIndex"] = disputed, ["record"] = found is null ? null : Lamina.Core.Hex.Encode(Lamina.Core.Codec.Canonical.Encode(found)) };
                break;
            default:
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}");
        }
        body["height"] = chain.Height;
        return body;
    }
}
