using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Rollups;
using Lamina.L1.State;
using Lamina.Node.Rpc;

namespace Lamina.Node.Rollups;

/// <summary>
/// The rollup_* JSON-RPC methods: what the L1 rollups module holds, read from the head state (committed, hence final
/// under BFT; <c>height</c> in every answer says which block). Queues are paged by index:
/// <c>(rollupId, from = 0, max = 100)</c>, at most 1,000 per call, and every page answers <c>next</c>, the index
/// after the last record that exists, so a reader (L2 derivation) polls from where it stopped. Served by every node
/// whose chain runs the module; on other chains each method answers NotFound. The dispute games are here too, under the
/// names issue 14 gives them: <c>rollup_getDisputes(rollupId)</c> (every game) and <c>rollup_getGame(rollupId,
/// outputIndex)</c> (the claim tree, every move as played, the one-step verdicts, both clocks and the bonds), answered
/// by <see cref="DisputeRpcMethods"/>, whose <c>dispute_list</c>/<c>dispute_get</c> stay as aliases.
/// </summary>
public sealed class RollupRpcMethods(Blockchain chain, DisputeGameViews? views = null) : IRpcMethodSet
{
    private const int DefaultPage = 100;
    private readonly DisputeRpcMethods _disputes = new(chain, views);

    public string Namespace => "rollup";

    IReadOnlyList<string> IRpcMethodSet.Names => Names;

    public static readonly string[] Names = ["rollup_list", "rollup_get", "rollup_getOutputs", "rollup_getDeposits", "rollup_getForcedTransactions", "rollup_getBatches", "rollup_getWithdrawal", "rollup_getL1Block", "rollup_getDisputes", "rollup_getGame"];

    public JsonNode? Invoke(string method, RpcParams p)
    {
        if (chain.Modules.Find<RollupsModule>() is null) throw new RpcException(RpcErrorCodes.NotFound, $"chain {chain.ChainId} does not run the rollups module (its genesis has no \"rollups\" section)");
        var state = chain.StateAt();
        return method switch
        {
            "rollup_list" => List(state),
            "rollup_get" => Answer(RollupJson.Rollup(Require(state, p))),
            "rollup_getOutputs" => Page(state, p, "outputs", r => r.NextOutput, (r, i) => RollupLedger.FindOutput(state, r.Id, i) is { } o ? RollupJson.Output(o, r.Config) : null),
            "rollup_getDeposits" => Page(state, p, "deposits", r => r.NextDeposit, (r, i) => RollupLedger.FindDeposit(state, r.Id, i) is { } d ? RollupJson.Deposit(d) : null),
            "rollup_getForcedTransactions" => Page(state, p, "forcedTransactions", r => r.NextForced, (r, i) => RollupLedger.FindForced(state, r.Id, i) is { } f ? RollupJson.Forced(f, r.Config) : null),
            "rollup_getBatches" => Page(state, p, "batches", r => r.NextBatch, (r, i) => RollupLedger.FindBatch(state, r.Id, i) is { } b ? RollupJson.Batch(state, b) : null),
            "rollup_getWithdrawal" => Withdrawal(state, p),
            "rollup_getL1Block" => L1Block(state, p),
            "rollup_getDisputes" => _disputes.Invoke("dispute_list", p),
            "rollup_getGame" => _disputes.Invoke("dispute_get", p),
            _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
        };
    }

    private JsonObject Answer(JsonObject body)
    {
        body["height"] = chain.Height;
        return body;
    }

    private JsonObject List(WorldState state)
    {
        var rollups = new JsonArray();
        foreach (var id in RollupLedger.ReadIndex(state).Ids) rollups.Add(RollupJson.Rollup(RollupLedger.Find(state, id)!));
        return Answer(new JsonObject { ["rollups"] = rollups });
    }

    private static RollupRecord Require(WorldState state, RpcParams p)
    {
        var id = p.OptionalULong(0, "rollupId") ?? throw RpcParams.Invalid("parameter 'rollupId' is required");
        return RollupLedger.Find(state, id) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no rollup {id} is registered");
    }

    private JsonObject Page(WorldState state, RpcParams p, string field, Func<RollupRecord, ulong> end, Func<RollupRecord, ulong, JsonObject?> read)
    {
        var rollup = Require(state, p);
        var from = p.OptionalULong(1, "from") ?? 0;
        var max = p.OptionalULong(2, "max") ?? DefaultPage;
        if (max is 0 or > RollupLimits.MaxPage) throw RpcParams.Invalid($"parameter 'max' must be 1 to {RollupLimits.MaxPage}");
        var items = RollupLedger.Page(from, end(rollup), (int)max, i => read(rollup, i));
        var array = new JsonArray();
        foreach (var item in items) array.Add(item);
        return Answer(new JsonObject
        {
            ["rollupId"] = rollup.Id,
            ["from"] = from,
            ["next"] = from + (ulong)items.Count,
            ["total"] = end(rollup),
            [field] = array,
        });
    }

    /// <summary>Whether a withdrawal (by its id, the receipt's key) has been paid, and how; <c>finalized: false</c> when not.</summary>
    private JsonObject Withdrawal(WorldState state, RpcParams p)
    {
        var rollup = Require(state, p);
        var id = p.RequireHash(1, "withdrawalId");
        var paid = RollupLedger.FindWithdrawal(state, rollup.Id, id);
        var body = paid is null ? new JsonObject { ["withdrawalId"] = id.ToString(), ["rollupId"] = rollup.Id } : RollupJson.Withdrawal(id, paid);
        body["finalized"] = paid is not null;
        return Answer(body);
    }

    /// <summary>
    /// Everything the module recorded for a rollup in one committed L1 block: its time, the indices of the blobs in the
    /// rollup's namespace (transaction order), and the deposits, forced transactions, batch references and outputs
    /// written in it, each in queue order. What derivation reads block by block, without keeping cursors.
    /// </summary>
    private JsonObject L1Block(WorldState state, RpcParams p)
    {
        var rollup = Require(state, p);
        var height = p.OptionalULong(1, "l1Height") ?? throw RpcParams.Invalid("parameter 'l1Height' is required");
        var block = height <= chain.Height ? chain.Store.GetBlock(height) : null;
        if (block is null) throw new RpcException(RpcErrorCodes.NotFound, $"L1 block {height} is not committed yet (the head is {chain.Height})");
        var id = rollup.Id;
        var blobs = new JsonArray();
        // From the state at that height: the head state keeps a block's blob record only within the DA retention window.
        var atHeight = chain.StateAt(height);
        if (RollupLedger.FindBlockBlobs(atHeight, height) is { } recorded)
        {
            var ns = RollupNamespace.Of(id);
            for (var i = 0; i < recorded.Namespaces.Length; i++)
            {
                if (recorded.Namespaces[i] == ns) blobs.Add(i);
            }
        }
        return Answer(new JsonObject
        {
            ["rollupId"] = id,
            ["l1Height"] = height,
            ["l1BlockHash"] = block.Hash.ToString(),
            ["l1TimeMs"] = block.Header.TimeMs,
            ["dataRoot"] = block.Header.DataRoot.ToString(),
            // What a blob byte cost in this block (the rollup's L2 blocks with this origin price their data fee at it).
            ["blobBaseFee"] = (chain.Modules.Find<BlobModule>() is { } blobModule ? blobModule.CurrentBaseFee(atHeight) : 0).ToString(CultureInfo.InvariantCulture),
            ["blobIndices"] = blobs,
            ["deposits"] = Array(RollupLedger.AtHeight(rollup.NextDeposit, height, i => RollupLedger.FindDeposit(state, id, i), d => d.L1Height), RollupJson.Deposit),
            ["forcedTransactions"] = Array(RollupLedger.AtHeight(rollup.NextForced, height, i => RollupLedger.FindForced(state, id, i), f => f.L1Height), f => RollupJson.Forced(f, rollup.Config)),
            ["batches"] = Array(RollupLedger.AtHeight(rollup.NextBatch, height, i => RollupLedger.FindBatch(state, id, i), b => b.PostedAtHeight), b => RollupJson.Batch(state, b)),
            ["outputs"] = Array(RollupLedger.AtHeight(rollup.NextOutput, height, i => RollupLedger.FindOutput(state, id, i), o => o.PostedAtHeight), o => RollupJson.Output(o, rollup.Config)),
        });
    }

    private static JsonArray Array<T>(List<T> items, Func<T, JsonObject> view)
    {
        var array = new JsonArray();
        foreach (var item in items) array.Add(view(item));
        return array;
    }
}
