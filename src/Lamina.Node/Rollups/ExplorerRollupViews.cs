using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using Lamina.Node.Rpc;
using Lamina.Node.Sidecars;

namespace Lamina.Node.Rollups;

/// <summary>
/// What the explorer's L2 panel reads beyond rollup_* (served in the <c>explorer_</c> namespace by
/// <see cref="DataAvailability.ExplorerDaRpcMethods"/>, on every L1 node of a chain with blobs):
/// <list type="bullet">
/// <item><c>explorer_rollupBatches(rollupId, from, max ≤ 20)</c>: each batch reference with its blobs' sizes (from the
/// L1 block's blob transactions) and, while this node still holds the blobs' sidecars, what the batcher posted in them:
/// the channel's L2 blocks, its transactions, and the bytes posted per transaction. A batch is final, so each is read
/// once.</item>
/// <item><c>explorer_rollupWithdrawals(rollupId, count ≤ 50, before?)</c>: the withdrawals L1 paid, newest first, read from
/// the rollup's paid list in the state (<see cref="RollupPaidWithdrawalRecord"/>, numbered in the order paid; no
/// block is scanned, however old): number, L2 sender and nonce, L1 recipient, amount, the output proven against, the
/// L1 height and transaction; <c>paid</c> is how many the rollup has paid, and <c>before</c> pages to older ones.</item>
/// </list>
/// </summary>
public sealed class ExplorerRollupViews(Blockchain chain, BlobSidecarCache sidecars)
{
    public const int MaxBatches = 20, MaxWithdrawals = 50, MaxCached = 1_024;
    private readonly Lock _gate = new();
    private readonly Dictionary<(ulong Rollup, ulong Number), JsonObject> _batches = [];

    private RollupRecord Require(RpcParams p)
    {
        if (chain.Modules.Find<RollupsModule>() is null) throw new RpcException(RpcErrorCodes.NotFound, $"chain {chain.ChainId} does not run the rollups module");
        var id = p.OptionalULong(0, "rollupId") ?? throw RpcParams.Invalid("parameter 'rollupId' is required");
        return RollupLedger.Find(chain.StateAt(), id) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no rollup {id} is registered");
    }

    public JsonObject Batches(RpcParams p)
    {
        var rollup = Require(p);
        var from = p.OptionalULong(1, "from") ?? 0;
        var max = p.OptionalULong(2, "max") ?? 8;
        if (max is 0 or > MaxBatches) throw RpcParams.Invalid($"parameter 'max' must be 1 to {MaxBatches}");
        var state = chain.StateAt();
        var items = new JsonArray();
        lock (_gate)
        {
            for (var n = from; n < rollup.NextBatch && (ulong)items.Count < max; n++)
            {
                if (!_batches.TryGetValue((rollup.Id, n), out var entry))
                {
                    if (RollupLedger.FindBatch(state, rollup.Id, n) is not { } batch) break;
                    entry = Batch(batch);
                    // Without its sidecars a batch may be seen again once they arrive; with them (or past them) it is final.
                    if (entry["contentError"] is null || entry["sidecars"]!.GetValue<bool>())
                    {
                        // The page asks for the newest few, so old entries are rarely read again: start over rather than grow.
                        if (_batches.Count >= MaxCached) _batches.Clear();
                        _batches[(rollup.Id, n)] = entry;
                    }
                }
                items.Add(entry.DeepClone());
            }
        }
        return new JsonObject { ["rollupId"] = rollup.Id, ["from"] = from, ["total"] = rollup.NextBatch, ["batches"] = items, ["height"] = chain.Height };
    }

    private JsonObject Batch(RollupBatchRecord batch)
    {
        var blobs = new JsonArray();
        var frames = new List<OptimisticChannelFrame>();
        ulong posted = 0;
        var held = true;
        string? error = null;
        foreach (var location in batch.Blobs)
        {
            var size = BlobSize(location.L1Height, (int)location.BlobIndex);
            posted += size ?? 0;
            blobs.Add(new JsonObject { ["l1Height"] = location.L1Height, ["blobIndex"] = location.BlobIndex, ["bytes"] = size });
            var bytes = sidecars.GetCommitted(location.L1Height)?.Blobs is { } all && location.BlobIndex < all.Count ? all[(int)location.BlobIndex] : null;
            if (bytes is null)
            {
                held = false;
                continue;
            }
            try
            {
                frames.Add(OptimisticChannelFrame.Decode(bytes));
            }
            catch (CodecException e)
            {
                error ??= "not a channel frame: " + e.Message;
            }
        }
        var json = new JsonObject { ["number"] = batch.Number, ["postedAtHeight"] = batch.PostedAtHeight, ["blobs"] = blobs, ["postedBytes"] = posted, ["sidecars"] = held };
        if (!held) error ??= "this node no longer holds the blobs (past its sidecar retention)";
        else if (error is null && (frames.Count == 0 || frames[0].Count != frames.Count)) error = "the channel is spread over several batches";
        if (error is null)
        {
            try
            {
                var blocks = OptimisticChannelPayload.Decompress(OptimisticChannelFrame.Assemble(frames));
                var txs = 0;
                foreach (var block in blocks) txs += block.Transactions.Count;
                json["l2Blocks"] = blocks.Count;
                json["firstL2Block"] = blocks.Count == 0 ? null : blocks[0].Number;
                json["lastL2Block"] = blocks.Count == 0 ? null : blocks[^1].Number;
                json["transactions"] = txs;
                json["bytesPerTransaction"] = txs == 0 ? null : Math.Round((double)posted / txs, 1);
            }
            catch (CodecException e)
            {
                error = "the channel does not decode: " + e.Message;
            }
        }
        json["contentError"] = error;
        return json;
    }

    /// <summary>The size of blob <paramref name="index"/> of L1 block <paramref name="height"/> (blobs in transaction order).</summary>
    private uint? BlobSize(ulong height, int index)
    {
        if (chain.Store.GetBlock(height) is not { } block) return null;
        var i = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            if (i++ == index) return blob.DataLength;
        }
        return null;
    }

    public JsonObject Withdrawals(RpcParams p)
    {
        var rollup = Require(p);
        var count = (int)Math.Min(p.OptionalULong(1, "count") ?? 15, MaxWithdrawals);
        var head = chain.Height;
        var state = chain.StateAt(head);
        var paid = RollupLedger.PaidWithdrawalCount(state, rollup.Id);
        var before = Math.Min(p.OptionalULong(2, "before") ?? paid, paid);
        var items = new JsonArray();
        for (var n = before; n > 0 && items.Count < count; n--)
        {
            var entry = RollupLedger.FindPaidWithdrawal(state, rollup.Id, n - 1) ?? throw new InvalidOperationException($"paid withdrawal {n - 1} of rollup {rollup.Id} is missing");
            var record = RollupLedger.FindWithdrawal(state, rollup.Id, entry.WithdrawalId) ?? throw new InvalidOperationException($"withdrawal {entry.WithdrawalId} of rollup {rollup.Id} is listed as paid but not recorded");
            items.Add(new JsonObject
            {
                ["number"] = entry.Number,
                ["rollupId"] = rollup.Id,
                ["withdrawalId"] = entry.WithdrawalId.ToString(),
                ["l2Sender"] = entry.L2Sender.ToString(),
                ["nonce"] = entry.Nonce,
                ["l1Recipient"] = record.L1Recipient.ToString(),
                ["amount"] = record.Amount.ToString(CultureInfo.InvariantCulture),
                ["outputIndex"] = record.OutputIndex,
                ["l1Height"] = record.L1Height,
                ["txHash"] = entry.TxHash.ToString(),
            });
        }
        return new JsonObject { ["rollupId"] = rollup.Id, ["paid"] = paid, ["withdrawals"] = items, ["height"] = head };
    }
}
