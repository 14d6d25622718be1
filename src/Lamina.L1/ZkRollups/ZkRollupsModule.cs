using Lamina.Core;
using Lamina.L1.Blobs;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The L1 settlement module of ZK rollups (issue 15; docs/zk-rollup.md, "L1 side"). Kinds: register (32), deposit
/// (33), forced exit (34), batch (35, carries its pubdata as a blob), exodus withdrawal (36) and deposit refund (37).
/// <list type="bullet">
/// <item>Begin-block freezes every rollup whose oldest pending priority request has waited its exodus delay.</item>
/// <item>A batch verified against its pubdata moves the root and pays withdrawals in the same block; one that fails
/// verification is included as failed and charged (<see cref="ZkBatchSettlement"/>).</item>
/// <item>It needs the chain's blob module: a batch's pubdata blob is charged and laid into the square like any blob.</item>
/// <item>Mempool admission verifies a batch's proof once (<see cref="PrepareAdmission"/>, outside the admission gate)
/// and keeps the verdict (<see cref="Verdicts"/>), so the proposer and the validators do not verify it again; a batch
/// that fails is admitted, to be included as failed and charged, and its sender throttled (<see cref="Throttle"/>).</item>
/// </list>
/// Every refusal is a <see cref="ZkRollupRejectedException"/> with a <see cref="ZkRollupError"/>.
/// </summary>
/// <param name="blobs">The chain's blob module.</param>
/// <param name="time">Measures verify times (node-local diagnostics) and the throttle's cooldown; never read by a rule that writes state.</param>
/// <param name="airVersions">The AIR versions registration accepts and batches are verified by; <see cref="ZkAirVersions.Default"/> unless a test adds one.</param>
public sealed class ZkRollupsModule(BlobModule blobs, TimeProvider? time = null, ZkAirVersions? airVersions = null) : L1Module
{
    public const string ModuleName = "zkrollups";

    public static readonly IReadOnlyList<TxKindFormat> Formats = ZkFormats.All;

    public BlobModule Blobs { get; } = blobs ?? throw new ArgumentNullException(nameof(blobs));
    public override string Name => ModuleName;
    public override IReadOnlyList<TxKindFormat> TxKinds => Formats;

    /// <summary>One verifier per AIR version this chain verifies.</summary>
    public ZkAirVersions AirVersions { get; } = airVersions ?? ZkAirVersions.Default;

    /// <summary>This node's proof verdicts, reused across admission and execution (node-local, never hashed).</summary>
    public ZkBatchVerdicts Verdicts { get; } = new(time ?? TimeProvider.System);

    /// <summary>Senders whose batch failed verification here and is not yet included (node-local).</summary>
    public ZkAdmissionThrottle Throttle { get; } = new(time ?? TimeProvider.System);

    /// <summary>
    /// Why the batch transaction <paramref name="txHash"/> failed, with this node's message, if this node verified
    /// it. The typed reason alone is in the state, on every node (<see cref="ZkRejectionRecord"/>).
    /// </summary>
    public ZkBatchFailure? FailureOf(Hash256 txHash) => Verdicts.Last(txHash)?.Failure;

    /// <summary>How long this node's verifier ran on <paramref name="txHash"/>'s proof, in µs; null if it never verified it.</summary>
    public long? VerifyMicrosOf(Hash256 txHash) => Verdicts.Last(txHash)?.VerifyMicros;

    public override void BeginBlock(WorldState state, in BlockContext block) => ZkExodus.FreezeExpired(state, block);

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        switch (tx.Payload)
        {
            case ZkRegisterPayload register:
                AirVersions.Require(register.Config.AirVersion);
                ZkLedger.Register(state, register.Config, block.Height);
                break;
            case ZkDepositPayload deposit: ZkBridge.Deposit(state, tx, deposit, block); break;
            case ZkForcedExitPayload exit: ZkBridge.ForcedExit(state, tx, exit, block); break;
            case ZkBatchPayload batch:
                var failure = ZkBatchSettlement.Submit(state, tx, batch, block, Blobs, Verdicts, AirVersions);
                Throttle.Executed(tx.From, tx.Hash, accepted: failure is null);
                break;
            case ZkExodusPayload claim: ZkExodus.Withdraw(state, claim, block); break;
            case ZkRefundPayload refund: ZkExodus.Refund(state, refund, block); break;
            default: base.Apply(state, tx, block); break;
        }
    }

    /// <summary>The blob fee a batch burns for its pubdata, so the receipt's burned amount is the whole burn.</summary>
    public override UInt128 DataFee(WorldState state, Transaction tx) => tx.Payload is ZkBatchPayload batch ? Blobs.BlobFee(state, batch.Blob) : UInt128.Zero;

    /// <summary>A batch's proof is verified here, before the admission gate, so concurrent submissions do not wait behind it.</summary>
    public override void PrepareAdmission(WorldState head, Transaction tx)
    {
        if (tx.Payload is ZkBatchPayload batch) AdmitBatch(head, tx, batch);
    }

    /// <summary>
    /// Admission against the head state: what would make every block leave the transaction out (an unknown, frozen
    /// or already registered rollup, an AIR version without a verifier here or a proof of another, a full queue, a batch out of order or beyond the queue, its blob's fee cap
    /// below the next blob base fee, a batch without its pubdata), and a batch's verdict (computed by
    /// <see cref="PrepareAdmission"/> unless the head moved since).
    /// </summary>
    public override void CheckAdmission(WorldState head, Transaction tx)
    {
        switch (tx.Payload)
        {
            case ZkRegisterPayload register:
                AirVersions.Require(register.Config.AirVersion);
                register.Config.Validate();
                if (ZkLedger.Find(head, register.Config.RollupId) is not null) throw new ZkRollupRejectedException(ZkRollupError.RollupExists, $"ZK rollup {register.Config.RollupId} is already registered");
                break;
            case ZkDepositPayload deposit: ZkBridge.Queueable(head, deposit.RollupId); break;
            case ZkForcedExitPayload exit: ZkBridge.Queueable(head, exit.RollupId); break;
            case ZkBatchPayload batch: AdmitBatch(head, tx, batch); break;
            case ZkExodusPayload or ZkRefundPayload:
                // The same checks as execution, on a scratch checkpoint: nothing the head state holds is changed.
                var checkpoint = head.Checkpoint();
                try
                {
                    Apply(head, tx, new BlockContext(tx.ChainId, 0, 0, default, 0, []));
                }
                finally
                {
                    head.Revert(checkpoint);
                }
                break;
        }
    }

    /// <summary>
    /// The batch's admission: the rules without pubdata, its blob's fee cap, its pubdata present, then its proof
    /// verified once (the verdict is kept). A batch that fails is admitted, so a block includes it as failed and its
    /// sender pays; until then no other batch of that sender is verified here (<see cref="ZkAdmissionThrottle"/>).
    /// </summary>
    private void AdmitBatch(WorldState head, Transaction tx, ZkBatchPayload batch)
    {
        var rollup = ZkLedger.RequireLive(head, batch.RollupId);
        var pending = ZkBatchSettlement.CheckWithoutPubdata(head, rollup, batch, AirVersions);
        var next = Blobs.NextBaseFee(head);
        if (batch.Blob.MaxFeePerBlobGas < next) throw new TransactionRejectedException(TxRejectReason.BlobFeeTooLow, $"max fee per blob gas {batch.Blob.MaxFeePerBlobGas} is below the next block's blob base fee {next}");
        if (batch.Blob.Data is not { } pubdata)
            throw new ZkRollupRejectedException(ZkRollupError.PubdataUnavailable, $"batch {batch.BatchNumber} arrived without its pubdata blob; a batch is admitted in network form, with the blob's bytes");
        if (Verdicts.Find(tx.Hash, rollup) is null) Throttle.Check(tx.From, tx.Hash);
        var verdict = Verdicts.GetOrVerify(tx.Hash, rollup, () => ZkBatchSettlement.VerifyAgainst(tx.ChainId, rollup, batch, pending, pubdata, AirVersions));
        if (verdict.Failure is not null) Throttle.Failed(tx.From, tx.Hash);
    }
}
