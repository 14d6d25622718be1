using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// JSON views of the ZK rollups module's records (the <c>zkl1_*</c> RPC results). Heights, indices and counters are
/// JSON numbers; amounts are decimal strings; RPO digests, keys and hashes are 0x-hex (a digest as its 32 bytes, four
/// little-endian u64).
/// </summary>
public static class ZkRollupJson
{
    private static string Amount(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Digest(RpoDigest digest) => Hex.Encode(digest.ToBytes());

    public static void WriteConfig(ZkRollupConfig config, JsonObject json)
    {
        json["rollupId"] = config.RollupId;
        json["namespace"] = config.Namespace.ToString();
        json["genesisAccountRoot"] = Digest(config.GenesisAccountRoot);
        json["airVersion"] = config.AirVersion;
        json["exodusDelayBlocks"] = config.ExodusDelayBlocks;
    }

    /// <summary>A rollup with its queue and exodus status; <paramref name="exodusDeadline"/> is null when nothing waits.</summary>
    public static JsonObject Rollup(ZkRollupRecord rollup, ulong? exodusDeadline)
    {
        var json = new JsonObject();
        WriteConfig(rollup.Config, json);
        json["registeredAtHeight"] = rollup.RegisteredAtHeight;
        json["accountRoot"] = Digest(rollup.AccountRoot);
        json["stateRoot"] = Digest(rollup.StateRoot);
        json["batches"] = rollup.NextBatch;
        json["lastProvenBatch"] = rollup.NextBatch == 0 ? null : rollup.NextBatch - 1;
        json["lastBatchHeight"] = rollup.LastBatchHeight;
        json["priorityQueueHead"] = rollup.PriorityProcessed;
        json["priorityQueueLength"] = rollup.PendingPriority;
        json["priorityRequests"] = rollup.NextPriority;
        json["frozen"] = rollup.IsFrozen;
        json["frozenAtHeight"] = rollup.IsFrozen ? rollup.FrozenAtHeight : null;
        json["exodusDeadline"] = exodusDeadline;
        json["escrowAddress"] = ZkKeys.Escrow(rollup.Id).ToString();
        json["totalDeposited"] = Amount(rollup.TotalDeposited);
        json["totalPaidOut"] = Amount(rollup.TotalPaidOut);
        json["escrowed"] = Amount(rollup.Escrowed);
        json["rejectedBatches"] = rollup.RejectedBatches;
        json["exits"] = rollup.Exits;
        return json;
    }

    public static JsonObject Priority(ZkPriorityRecord record)
    {
        var json = new JsonObject
        {
            ["serial"] = record.Serial,
            ["kind"] = record.Operation.Kind == ZkTxKind.Deposit ? "deposit" : "forcedExit",
            ["sender"] = record.Sender.ToString(),
            ["queuedAtHeight"] = record.QueuedAtHeight,
            ["status"] = StatusName(record.Status),
            ["settledAtHeight"] = record.Status == ZkPriorityStatus.Pending ? null : record.SettledAtHeight,
            ["operation"] = Hex.Encode(record.Operation.Encode()),
        };
        switch (record.Operation)
        {
            case DepositOp d:
                json["to"] = d.To;
                json["key"] = d.Key.ToString();
                json["amount"] = Amount(d.Amount);
                break;
            case ForcedExitOp f:
                json["account"] = f.Account;
                json["recipient"] = f.Recipient.ToString();
                json["nonce"] = f.Nonce;
                break;
        }
        return json;
    }

    public static string StatusName(ZkPriorityStatus status) => status switch
    {
        ZkPriorityStatus.Pending => "pending",
        ZkPriorityStatus.Processed => "processed",
        ZkPriorityStatus.RefundedByBatch => "refundedByBatch",
        _ => "refundedInExodus",
    };

    public static JsonObject Batch(ZkBatchRecord batch) => new()
    {
        ["number"] = batch.Number,
        ["l1Height"] = batch.L1Height,
        ["txHash"] = batch.TxHash.ToString(),
        ["submitter"] = batch.Submitter.ToString(),
        ["oldAccountRoot"] = Digest(batch.OldAccountRoot),
        ["newAccountRoot"] = Digest(batch.NewAccountRoot),
        ["firstPriority"] = batch.FirstPriority,
        ["priorityConsumed"] = batch.PriorityConsumed,
        ["payouts"] = batch.Payouts,
        ["payoutTotal"] = Amount(batch.PayoutTotal),
        ["refunds"] = batch.Refunds,
        ["pubdataBytes"] = batch.PubdataLength,
        ["pubdataCommitment"] = batch.PubdataCommitment.ToString(),
        ["proofBytes"] = batch.ProofBytes,
        ["gas"] = batch.Gas,
    };

    /// <summary>
    /// A failed batch: its typed reason and detail are consensus state; <paramref name="message"/> is this node's
    /// text when it verified the batch itself (null otherwise).
    /// </summary>
    public static JsonObject Rejection(ZkRejectionRecord rejection, string? message) => new()
    {
        ["index"] = rejection.Index,
        ["l1Height"] = rejection.L1Height,
        ["txHash"] = rejection.TxHash.ToString(),
        ["submitter"] = rejection.Submitter.ToString(),
        ["batchNumber"] = rejection.BatchNumber,
        ["reason"] = rejection.Reason.ToString(),
        ["detail"] = rejection.DetailName,
        ["message"] = message,
    };

    public static JsonObject Exit(ZkExitRecord exit) => new()
    {
        ["account"] = exit.Account,
        ["recipient"] = exit.Recipient.ToString(),
        ["amount"] = Amount(exit.Amount),
        ["l1Height"] = exit.L1Height,
    };

    public static void WriteBatchPayload(ZkBatchPayload payload, JsonObject json)
    {
        json["rollupId"] = payload.RollupId;
        json["batchNumber"] = payload.BatchNumber;
        json["newAccountRoot"] = Digest(payload.Effects.NewAccountRoot);
        json["priorityConsumed"] = payload.Effects.PriorityOpsConsumed;
        json["payouts"] = payload.Effects.Payouts.Count;
        json["refunds"] = payload.Effects.RefundedDeposits.Count;
        json["namespace"] = payload.Blob.Namespace.ToString();
        json["pubdataBytes"] = payload.Blob.DataLength;
        json["pubdataCommitment"] = payload.Blob.Commitment.ToString();
        json["maxFeePerBlobGas"] = payload.Blob.MaxFeePerBlobGas.ToString(CultureInfo.InvariantCulture);
        json["proofBytes"] = payload.ProofBytes.Length;
    }
}
