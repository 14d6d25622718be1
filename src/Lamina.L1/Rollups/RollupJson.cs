using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.L1.State;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>
/// JSON views of the rollups module's records (the <c>rollup_*</c> RPC results). As elsewhere in the RPC, heights,
/// indices and counters are JSON numbers, and amounts are decimal strings (they exceed JSON's safe integers).
/// </summary>
public static class RollupJson
{
    private static string Amount(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static string L2KindName(byte kind) => kind switch
    {
        (byte)OptimisticTxKind.Transfer => "transfer",
        (byte)OptimisticTxKind.Withdrawal => "withdrawal",
        _ => kind.ToString(CultureInfo.InvariantCulture),
    };

    public static void WriteConfig(RollupConfig config, JsonObject json)
    {
        json["rollupId"] = config.Id;
        json["namespace"] = RollupNamespace.Of(config.Id).ToString();
        json["l2ChainId"] = config.L2ChainId;
        json["genesisOutputRoot"] = config.GenesisOutputRoot.ToString();
        json["proposerBond"] = Amount(config.ProposerBond);
        json["challengeWindowSeconds"] = config.ChallengeWindowSeconds;
        json["sequencingWindowBlocks"] = config.SequencingWindowBlocks;
        json["batchPoster"] = config.BatchPoster.ToString();
        json["l2Fees"] = new JsonObject
        {
            ["executionFee"] = config.L2Fees.ExecutionFee.ToString(CultureInfo.InvariantCulture),
            ["dataBytesPerTransaction"] = config.L2Fees.DataBytesPerTransaction,
            ["minDataBytes"] = config.L2Fees.MinDataBytes,
        };
        // The clocks the dispute game plays with: registered (version-2 config) or derived from the challenge window.
        var game = Dispute.OutputGameConfig.ForRollup(config).Execution;
        json["disputeClock"] = new JsonObject
        {
            ["registered"] = config.HasDisputeClock,
            ["clockSeconds"] = config.DisputeClockSeconds,
            ["extensionSeconds"] = config.DisputeExtensionSeconds,
            ["clockMs"] = game.MaxClockMs,
            ["extensionMs"] = game.ExtensionMs,
        };
    }

    public static JsonObject Rollup(RollupRecord rollup)
    {
        var json = new JsonObject();
        WriteConfig(rollup.Config, json);
        json["registeredAtHeight"] = rollup.RegisteredAtHeight;
        json["escrowAddress"] = RollupAccounts.Escrow(rollup.Id).ToString();
        json["bondVaultAddress"] = RollupAccounts.BondVault(rollup.Id).ToString();
        json["totalDeposited"] = Amount(rollup.TotalDeposited);
        json["totalWithdrawn"] = Amount(rollup.TotalWithdrawn);
        json["escrowed"] = Amount(rollup.Escrowed);
        json["deposits"] = rollup.NextDeposit;
        json["forcedTransactions"] = rollup.NextForced;
        json["batches"] = rollup.NextBatch;
        json["outputs"] = rollup.NextOutput;
        json["firstOpenOutput"] = rollup.FirstOpenOutput;
        json["lastOutputL2Block"] = rollup.LastOutputL2Block;
        return json;
    }

    public static JsonObject Output(RollupOutputRecord output, RollupConfig config) => new()
    {
        ["rollupId"] = output.RollupId,
        ["index"] = output.Index,
        ["l2BlockNumber"] = output.L2BlockNumber,
        ["outputRoot"] = output.OutputRoot.ToString(),
        ["proposer"] = output.Proposer.ToString(),
        ["bond"] = Amount(output.Bond),
        ["postedAtHeight"] = output.PostedAtHeight,
        ["postedTimeMs"] = output.PostedTimeMs,
        ["finalizesAtMs"] = output.Index == 0 ? output.PostedTimeMs : output.FinalizesAtMs(config),
        ["status"] = output.Status.ToString().ToLowerInvariant(),
    };

    public static JsonObject Deposit(RollupDepositRecord deposit) => new()
    {
        ["rollupId"] = deposit.RollupId,
        ["index"] = deposit.Index,
        ["l1Sender"] = deposit.L1Sender.ToString(),
        ["l2Recipient"] = deposit.L2Recipient.ToString(),
        ["amount"] = Amount(deposit.Amount),
        ["l1Height"] = deposit.L1Height,
    };

    public static JsonObject Forced(RollupForcedRecord forced, RollupConfig config) => new()
    {
        ["rollupId"] = forced.RollupId,
        ["index"] = forced.Index,
        ["l1Sender"] = forced.L1Sender.ToString(),
        ["l2Kind"] = L2KindName(forced.L2Kind),
        ["l2Transaction"] = Hex.Encode(forced.L2Transaction),
        ["l1Height"] = forced.L1Height,
        ["l1TimeMs"] = forced.L1TimeMs,
        ["deadlineHeight"] = forced.DeadlineHeight(config),
    };

    public static JsonObject Batch(RollupBatchRecord batch) => Batch(batch, null);

    /// <summary>
    /// A batch reference with its blobs' commitments as L1 recorded them for games that derive lists on L1
    /// (<see cref="BatchCommitmentsRecord"/>); <c>commitments</c> is null where L1 recorded none (a module without
    /// derived lists): a challenger checks the blobs it shows a game against them.
    /// </summary>
    public static JsonObject Batch(RollupBatchRecord batch, IReadOnlyList<Hash256>? commitments)
    {
        JsonArray? hashes = null;
        if (commitments is not null)
        {
            hashes = [];
            foreach (var c in commitments) hashes.Add(c.ToString());
        }
        return new()
        {
            ["rollupId"] = batch.RollupId,
            ["number"] = batch.Number,
            ["blobs"] = Locations(batch.Blobs),
            ["postedAtHeight"] = batch.PostedAtHeight,
            ["commitments"] = hashes,
        };
    }

    /// <summary><see cref="Batch(RollupBatchRecord, IReadOnlyList{Hash256})"/> with the commitments read from <paramref name="state"/>.</summary>
    public static JsonObject Batch(WorldState state, RollupBatchRecord batch) =>
        Batch(batch, state.GetRecord<BatchCommitmentsRecord>(RollupKeys.BatchCommitments(batch.RollupId, batch.Number))?.Commitments);

    public static JsonObject Withdrawal(Hash256 id, RollupWithdrawalRecord withdrawal) => new()
    {
        ["withdrawalId"] = id.ToString(),
        ["rollupId"] = withdrawal.RollupId,
        ["outputIndex"] = withdrawal.OutputIndex,
        ["l1Recipient"] = withdrawal.L1Recipient.ToString(),
        ["amount"] = Amount(withdrawal.Amount),
        ["l1Height"] = withdrawal.L1Height,
    };

    public static JsonArray Locations(IReadOnlyList<BlobLocation> locations)
    {
        var array = new JsonArray();
        foreach (var location in locations)
        {
            array.Add(new JsonObject { ["l1Height"] = location.L1Height, ["blobIndex"] = location.BlobIndex, ["dataRoot"] = location.DataRoot.ToString() });
        }
        return array;
    }
}
