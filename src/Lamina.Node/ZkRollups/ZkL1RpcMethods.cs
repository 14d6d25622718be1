using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.L1.Chain;
using Lamina.L1.State;
using Lamina.L1.ZkRollups;
using Lamina.Node.Rpc;

namespace Lamina.Node.ZkRollups;

/// <summary>
/// The zkl1_* JSON-RPC methods: what the L1 ZK rollups module holds, read from the head state (committed, hence final
/// under BFT; <c>height</c> in every answer says which block). <c>zkl1_getRollup(rollupId)</c>: root, last proven
/// batch, priority queue head and length, frozen and the exodus deadline. <c>zkl1_getBatch(rollupId, number)</c>: an
/// accepted batch with where its pubdata blob is (L1 height, blob index among the block's blobs, namespace,
/// commitment). Pages <c>(rollupId, from, max = 100)</c> answer <c>next</c>: <c>zkl1_getBatches</c>,
/// <c>zkl1_getPriorityQueue</c> (from the queue head by default), <c>zkl1_getRejections</c> (typed reason and detail
/// from the state, the last <c>ZkRollupLimits.RejectionsKept</c>; this node's message when it verified the batch).
/// zkl1_getBatch also says <c>thisNodeVerifyUs</c>, node-local and never in the state. <c>zkl1_getExit(rollupId,
/// account)</c> says whether an account took its exodus withdrawal. On chains without the module each answers NotFound.
/// </summary>
public sealed class ZkL1RpcMethods(Blockchain chain) : IRpcMethodSet
{
    private const int DefaultPage = 100;

    public static readonly string[] Names = ["zkl1_list", "zkl1_getRollup", "zkl1_getBatch", "zkl1_getBatches", "zkl1_getPriorityQueue", "zkl1_getRejections", "zkl1_getExit"];

    public string Namespace => "zkl1";

    IReadOnlyList<string> IRpcMethodSet.Names => Names;

    public JsonNode? Invoke(string method, RpcParams p)
    {
        var module = chain.Modules.Find<ZkRollupsModule>()
            ?? throw new RpcException(RpcErrorCodes.NotFound, $"chain {chain.ChainId} does not run the ZK rollups module (its genesis has no blobs)");
        var state = chain.StateAt();
        return method switch
        {
            "zkl1_list" => List(state),
            "zkl1_getRollup" => Answer(Rollup(state, Require(state, p))),
            "zkl1_getBatch" => Batch(state, p, module),
            "zkl1_getBatches" => Page(state, p, "batches", r => 0, r => r.NextBatch, (r, i) => ZkLedger.FindBatch(state, r.Id, i) is { } b ? BatchView(b) : null),
            "zkl1_getPriorityQueue" => Page(state, p, "requests", r => r.PriorityProcessed, r => r.NextPriority, (r, i) => ZkLedger.FindPriority(state, r.Id, i) is { } q ? ZkRollupJson.Priority(q) : null),
            "zkl1_getRejections" => Page(state, p, "rejections", ZkLedger.OldestKeptRejection, r => r.RejectedBatches, (r, i) => ZkLedger.FindRejection(state, r.Id, i) is { } x ? ZkRollupJson.Rejection(x, module.FailureOf(x.TxHash)?.Message) : null),
            "zkl1_getExit" => Exit(state, p),
            _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
        };
    }

    private JsonObject Answer(JsonObject body)
    {
        body["height"] = chain.Height;
        return body;
    }

    private static JsonObject Rollup(WorldState state, ZkRollupRecord rollup) => ZkRollupJson.Rollup(rollup, ZkLedger.ExodusDeadline(state, rollup));

    private JsonObject List(WorldState state)
    {
        var rollups = new JsonArray();
        foreach (var id in ZkLedger.ReadIndex(state).Ids) rollups.Add(Rollup(state, ZkLedger.Find(state, id)!));
        return Answer(new JsonObject { ["rollups"] = rollups });
    }

    private static ZkRollupRecord Require(WorldState state, RpcParams p)
    {
        var id = p.OptionalULong(0, "rollupId") ?? throw RpcParams.Invalid("parameter 'rollupId' is required");
        if (id > uint.MaxValue) throw RpcParams.Invalid($"a ZK rollup id is a u32, not {id}");
        return ZkLedger.Find(state, (uint)id) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no ZK rollup {id} is registered");
    }

    private JsonObject Batch(WorldState state, RpcParams p, ZkRollupsModule module)
    {
        var rollup = Require(state, p);
        var number = p.OptionalULong(1, "number") ?? throw RpcParams.Invalid("parameter 'number' is required");
        var batch = ZkLedger.FindBatch(state, rollup.Id, number)
            ?? throw new RpcException(RpcErrorCodes.NotFound, $"ZK rollup {rollup.Id} has no proven batch {number} (it has {rollup.NextBatch})");
        var body = BatchView(batch);
        body["rollupId"] = rollup.Id;
        body["namespace"] = rollup.Config.Namespace.ToString();
        // Wall-clock time is no consensus state: this is how long this node's verifier ran on the proof (at admission
        // or in the block), null on a node that took the batch from block sync. "gas" is the deterministic charge.
        body["thisNodeVerifyUs"] = module.VerifyMicrosOf(batch.TxHash);
        return Answer(body);
    }

    /// <summary>A batch with the index of its pubdata blob among its L1 block's blobs (transaction order, as the square lays them out).</summary>
    private JsonObject BatchView(ZkBatchRecord batch)
    {
        var body = ZkRollupJson.Batch(batch);
        var block = chain.Store.GetBlock(batch.L1Height);
        var index = 0;
        foreach (var tx in block?.Transactions ?? [])
        {
            if (tx.Hash == batch.TxHash)
            {
                body["blobIndex"] = index;
                break;
            }
            if (tx.Payload.CarriedBlob is not null) index++;
        }
        return body;
    }

    private JsonObject Exit(WorldState state, RpcParams p)
    {
        var rollup = Require(state, p);
        var account = p.OptionalULong(1, "account") ?? throw RpcParams.Invalid("parameter 'account' is required");
        if (account > uint.MaxValue) throw RpcParams.Invalid($"an account index is a u32, not {account}");
        var exit = ZkLedger.FindExit(state, rollup.Id, (uint)account);
        var body = exit is null ? new JsonObject { ["account"] = account } : ZkRollupJson.Exit(exit);
        body["rollupId"] = rollup.Id;
        body["exited"] = exit is not null;
        return Answer(body);
    }

    private JsonObject Page(WorldState state, RpcParams p, string field, Func<ZkRollupRecord, ulong> start, Func<ZkRollupRecord, ulong> end, Func<ZkRollupRecord, ulong, JsonObject?> read)
    {
        var rollup = Require(state, p);
        var from = p.OptionalULong(1, "from") ?? start(rollup);
        // Rejections older than the kept ones gave their slots to newer ones: a page starts at the oldest kept.
        if (field == "rejections") from = Math.Max(from, ZkLedger.OldestKeptRejection(rollup));
        var max = p.OptionalULong(2, "max") ?? DefaultPage;
        if (max is 0 or > ZkRollupLimits.MaxPage) throw RpcParams.Invalid($"parameter 'max' must be 1 to {ZkRollupLimits.MaxPage}");
        var items = ZkLedger.Page(from, end(rollup), (int)max, i => read(rollup, i));
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
}
