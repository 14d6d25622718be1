using System.Collections.Concurrent;
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
/// </list>
/// Every refusal is a <see cref="ZkRollupRejectedException"/> with a <see cref="ZkRollupError"/>.
/// </summary>
public sealed class ZkRollupsModule(BlobModule blobs) : L1Module
{
    public const string ModuleName = "zkrollups";
    private const int FailuresKept = 1_024;

    public static readonly IReadOnlyList<TxKindFormat> Formats = ZkFormats.All;

    // Diagnostics, never hashed: the typed reason of each failed batch this node executed with its pubdata.
    private readonly ConcurrentDictionary<Hash256, ZkBatchFailure> _failures = new();
    private readonly ConcurrentQueue<Hash256> _failureOrder = new();

    public BlobModule Blobs { get; } = blobs ?? throw new ArgumentNullException(nameof(blobs));
    public override string Name => ModuleName;
    public override IReadOnlyList<TxKindFormat> TxKinds => Formats;

    /// <summary>Why the batch transaction <paramref name="txHash"/> failed, if this node executed it with its pubdata.</summary>
    public ZkBatchFailure? FailureOf(Hash256 txHash) => _failures.TryGetValue(txHash, out var failure) ? failure : null;

    public override void BeginBlock(WorldState state, in BlockContext block) => ZkExodus.FreezeExpired(state, block);

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        switch (tx.Payload)
        {
            case ZkRegisterPayload register: ZkLedger.Register(state, register.Config, block.Height); break;
            case ZkDepositPayload deposit: ZkBridge.Deposit(state, tx, deposit, block); break;
            case ZkForcedExitPayload exit: ZkBridge.ForcedExit(state, tx, exit, block); break;
            case ZkBatchPayload batch:
                if (ZkBatchSettlement.Submit(state, tx, batch, block, Blobs) is { } failure) Remember(tx.Hash, failure);
                break;
            case ZkExodusPayload claim: ZkExodus.Withdraw(state, claim, block); break;
            case ZkRefundPayload refund: ZkExodus.Refund(state, refund, block); break;
            default: base.Apply(state, tx, block); break;
        }
    }

    /// <summary>The blob fee a batch burns for its pubdata, so the receipt's burned amount is the whole burn.</summary>
    public override UInt128 DataFee(WorldState state, Transaction tx) => tx.Payload is ZkBatchPayload batch ? Blobs.BlobFee(state, batch.Blob) : UInt128.Zero;

    /// <summary>
    /// Admission against the head state: what would make every block leave the transaction out (an unknown, frozen
    /// or already registered rollup, a full queue, a batch out of order or beyond the queue, its blob's fee cap
    /// below the next blob base fee). Proof verification is left to execution, where a failure is charged.
    /// </summary>
    public override void CheckAdmission(WorldState head, Transaction tx)
    {
        switch (tx.Payload)
        {
            case ZkRegisterPayload register:
                register.Config.Validate();
                if (ZkLedger.Find(head, register.Config.RollupId) is not null) throw new ZkRollupRejectedException(ZkRollupError.RollupExists, $"ZK rollup {register.Config.RollupId} is already registered");
                break;
            case ZkDepositPayload deposit: ZkBridge.Queueable(head, deposit.RollupId); break;
            case ZkForcedExitPayload exit: ZkBridge.Queueable(head, exit.RollupId); break;
            case ZkBatchPayload batch:
                ZkBatchSettlement.CheckWithoutPubdata(head, ZkLedger.RequireLive(head, batch.RollupId), batch);
                var next = Blobs.NextBaseFee(head);
                if (batch.Blob.MaxFeePerBlobGas < next) throw new TransactionRejectedException(TxRejectReason.BlobFeeTooLow, $"max fee per blob gas {batch.Blob.MaxFeePerBlobGas} is below the next block's blob base fee {next}");
                break;
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

    private void Remember(Hash256 txHash, ZkBatchFailure failure)
    {
        if (!_failures.TryAdd(txHash, failure)) return;
        _failureOrder.Enqueue(txHash);
        while (_failureOrder.Count > FailuresKept && _failureOrder.TryDequeue(out var old)) _failures.TryRemove(old, out _);
    }
}
