using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Proofs;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Batch acceptance. First the checks that need no pubdata (live rollup, a proof of the rollup's AIR version and a
/// verifier for it, next batch number, enough pending requests,
/// declared refunds among the consumed deposits, payouts within the escrow, the blob's fee and space): breaking one
/// refuses the transaction (it stays out of the block). Then verification against the pubdata blob: the declared
/// effects must be the pubdata's, and the rollup's AIR version's verifier (<see cref="ZkAirVersions"/>) must accept the
/// proof with the queue's head.
/// A batch that fails there is included as failed: fee and blob fee charged, a <see cref="ZkRejectionRecord"/> with
/// the typed reason written, the root unmoved (at most one such batch per block). Verification runs once per node
/// and state (<see cref="ZkBatchVerdicts"/>): usually at mempool admission, so the proposer does not verify again. One that passes moves the root, consumes the
/// requests, refunds refused deposits and pays every withdrawal in this same block.
/// </summary>
internal static class ZkBatchSettlement
{
    public static ZkBatchFailure? Submit(WorldState state, Transaction tx, ZkBatchPayload batch, in BlockContext block, BlobModule blobs, ZkBatchVerdicts verdicts, ZkAirVersions versions)
    {
        var rollup = ZkLedger.RequireLive(state, batch.RollupId);
        var pending = CheckWithoutPubdata(state, rollup, batch, versions);
        blobs.ChargeBlob(state, tx.From, batch.Blob);
        var failure = Verify(rollup, batch, pending, tx, block, verdicts, versions);
        if (failure is not null)
        {
            if (state.GetRecord<ZkBlockFailureRecord>(ZkKeys.BlockFailure) is { } last && last.Height == block.Height)
                throw new ZkRollupRejectedException(ZkRollupError.FailedBatchQuota, $"this block already includes a failed batch; batch {batch.BatchNumber} of ZK rollup {rollup.Id} fails too ({failure.Reason}: {failure.Message})");
            state.SetRecord(ZkKeys.BlockFailure, new ZkBlockFailureRecord(block.Height));
            state.SetRecord(ZkKeys.Rejection(rollup.Id, rollup.RejectedBatches),
                new ZkRejectionRecord(rollup.RejectedBatches, block.Height, tx.Hash, tx.From, batch.BatchNumber, failure.Reason, failure.Detail));
            state.SetRecord(ZkKeys.Rollup(rollup.Id), rollup with { RejectedBatches = checked(rollup.RejectedBatches + 1) });
            return failure;
        }
        Accept(state, rollup, batch, pending, tx, block);
        return null;
    }

    /// <summary>The rules a batch must pass whether or not its pubdata is held; returns the requests it consumes.</summary>
    internal static List<ZkPriorityRecord> CheckWithoutPubdata(WorldState state, ZkRollupRecord rollup, ZkBatchPayload batch, ZkAirVersions versions)
    {
        var airVersion = rollup.Config.AirVersion;
        if (batch.Proof.Version != airVersion)
            throw new ZkRollupRejectedException(ZkRollupError.AirVersionMismatch, $"ZK rollup {rollup.Id} registered AIR version {airVersion}; batch {batch.BatchNumber} carries a version {batch.Proof.Version} proof");
        versions.Require(airVersion);
        if (batch.BatchNumber != rollup.NextBatch)
            throw new ZkRollupRejectedException(ZkRollupError.BatchOutOfOrder, $"ZK rollup {rollup.Id} expects batch {rollup.NextBatch}, not {batch.BatchNumber}");
        var effects = batch.Effects;
        if (effects.PriorityOpsConsumed > rollup.PendingPriority)
            throw new ZkRollupRejectedException(ZkRollupError.TooManyPriorityOps, $"the batch consumes {effects.PriorityOpsConsumed} priority requests, {rollup.PendingPriority} are pending");
        var pending = new List<ZkPriorityRecord>((int)effects.PriorityOpsConsumed);
        for (ulong i = 0; i < effects.PriorityOpsConsumed; i++)
        {
            var serial = rollup.PriorityProcessed + i;
            pending.Add(ZkLedger.FindPriority(state, rollup.Id, serial) ?? throw new InvalidOperationException($"priority request {serial} of ZK rollup {rollup.Id} is missing"));
        }
        UInt128 refunds = 0;
        foreach (var serial in effects.RefundedDeposits)
        {
            var offset = serial - rollup.PriorityProcessed;
            if (serial < rollup.PriorityProcessed || offset >= effects.PriorityOpsConsumed || pending[(int)offset].Operation is not DepositOp deposit)
                throw new ZkRollupRejectedException(ZkRollupError.InvalidEffects, $"refunded serial {serial} is not a deposit this batch consumes");
            refunds = checked(refunds + deposit.Amount);
        }
        var paid = checked(effects.PayoutTotal + refunds);
        if (paid > rollup.Escrowed)
            throw new ZkRollupRejectedException(ZkRollupError.EscrowInsufficient, $"the batch pays out {paid}, ZK rollup {rollup.Id} escrows {rollup.Escrowed}");
        return pending;
    }

    private static ZkBatchFailure? Verify(ZkRollupRecord rollup, ZkBatchPayload batch, List<ZkPriorityRecord> pending, Transaction tx, in BlockContext block, ZkBatchVerdicts verdicts, ZkAirVersions versions)
    {
        if (batch.Blob.Data is not { } pubdata)
        {
            // Only a block that comes with its commit reaches here without the bytes: two thirds of the stake executed
            // it with them. The pipeline tells which batch (at most one per block) it found failed, and why, from the
            // header's state root (docs/zk-rollup.md).
            if (block.CommittedDataRoot.IsZero)
                throw new ZkRollupRejectedException(ZkRollupError.PubdataUnavailable, $"the pubdata blob {batch.Blob.Commitment} of batch {batch.BatchNumber} is not held here");
            return block.AssumedFailedTx == tx.Hash ? ZkBatchFailure.FromCode(block.AssumedFailureCode) : null;
        }
        var chainId = block.ChainId;
        return verdicts.GetOrVerify(tx.Hash, rollup, () => VerifyAgainst(chainId, rollup, batch, pending, pubdata, versions)).Failure;
    }

    /// <summary>
    /// The checks that need the pubdata: its codec, the declared effects, then the proof by the verifier of the
    /// rollup's AIR version (the priority queue and the STARK).
    /// </summary>
    internal static ZkBatchFailure? VerifyAgainst(string chainId, ZkRollupRecord rollup, ZkBatchPayload batch, List<ZkPriorityRecord> pending, byte[] pubdataBytes, ZkAirVersions versions)
    {
        List<PubdataOp> pubdata;
        try
        {
            pubdata = PubdataCodec.Decode(pubdataBytes);
        }
        catch (CodecException e)
        {
            return ZkBatchFailure.Of(ZkRollupError.PubdataMalformed, $"{e.Error}: {e.Message}");
        }
        if (pubdata.Count == 0) return ZkBatchFailure.Of(ZkRollupError.PubdataMalformed, "the pubdata holds no operation");
        var derived = ZkBatchEffects.FromPubdata(batch.Effects.NewAccountRoot, pubdata, rollup.PriorityProcessed);
        if (!derived.Equals(batch.Effects))
            return ZkBatchFailure.Of(ZkRollupError.EffectsMismatch, $"the pubdata consumes {derived.PriorityOpsConsumed} priority requests, pays {derived.Payouts.Count} withdrawals and refunds {derived.RefundedDeposits.Count} deposits; the submission declares {batch.Effects.PriorityOpsConsumed}, {batch.Effects.Payouts.Count} and {batch.Effects.RefundedDeposits.Count}");
        var queue = new List<ZkTransaction>(pending.Count);
        foreach (var record in pending) queue.Add(record.Operation);
        try
        {
            var statement = new ZkAirStatement(rollup.Config.Domain(chainId), rollup.AccountRoot, batch.Effects.NewAccountRoot, batch.BatchNumber, pubdata, queue);
            var consumed = versions.Require(rollup.Config.AirVersion).Verify(batch.Proof, statement);
            if (consumed != pending.Count) return ZkBatchFailure.Of(ZkRollupError.EffectsMismatch, $"the verifier consumed {consumed} priority requests, the submission declares {pending.Count}");
        }
        catch (InvalidProofException e)
        {
            return ZkBatchFailure.Of(ZkRollupError.ProofInvalid, (ushort)e.Reason, $"{e.Reason}: {e.Message}");
        }
        catch (InvalidZkBatchException e)
        {
            return ZkBatchFailure.Of(ZkRollupError.PriorityQueueViolation, (ushort)e.Reason, $"{e.Reason}: {e.Message}");
        }
        return null;
    }

    private static void Accept(WorldState state, ZkRollupRecord rollup, ZkBatchPayload batch, List<ZkPriorityRecord> pending, Transaction tx, in BlockContext block)
    {
        var effects = batch.Effects;
        var escrow = ZkKeys.Escrow(rollup.Id);
        var refunded = new HashSet<ulong>(effects.RefundedDeposits);
        UInt128 paid = 0;
        foreach (var record in pending)
        {
            var refund = refunded.Contains(record.Serial);
            if (refund)
            {
                ZkLedger.Move(state, escrow, record.Sender, record.DepositAmount);
                paid = checked(paid + record.DepositAmount);
            }
            state.SetRecord(ZkKeys.Priority(rollup.Id, record.Serial), record with { Status = refund ? ZkPriorityStatus.RefundedByBatch : ZkPriorityStatus.Processed, SettledAtHeight = block.Height });
        }
        foreach (var payout in effects.Payouts)
        {
            ZkLedger.Move(state, escrow, payout.Recipient, payout.Amount);
            paid = checked(paid + payout.Amount);
        }
        state.SetRecord(ZkKeys.Batch(rollup.Id, batch.BatchNumber), new ZkBatchRecord(batch.BatchNumber, block.Height, tx.Hash, tx.From, rollup.AccountRoot,
            effects.NewAccountRoot, rollup.PriorityProcessed, effects.PriorityOpsConsumed, (uint)effects.Payouts.Count, effects.PayoutTotal,
            (uint)effects.RefundedDeposits.Count, batch.Blob.DataLength, batch.Blob.Commitment, (uint)batch.ProofBytes.Length, batch.IntrinsicGas));
        state.SetRecord(ZkKeys.Rollup(rollup.Id), rollup with
        {
            AccountRoot = effects.NewAccountRoot,
            NextBatch = checked(rollup.NextBatch + 1),
            PriorityProcessed = checked(rollup.PriorityProcessed + effects.PriorityOpsConsumed),
            TotalPaidOut = checked(rollup.TotalPaidOut + paid),
            LastBatchHeight = block.Height,
        });
    }
}
