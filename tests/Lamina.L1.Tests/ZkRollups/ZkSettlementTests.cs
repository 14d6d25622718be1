using Lamina.L1.Blobs;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using static Lamina.L1.Tests.TestKit;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// Batch acceptance on L1 with real proofs (105 bits, verified at L1's 100): an honest batch moves the root and pays
/// its withdrawal in its own block; every part-1 attack submitted to L1 is included as failed, charged, with the
/// root unmoved and the typed reason kept.
/// </summary>
public sealed class ZkSettlementTests
{
    /// <summary>Alice deposits 1,000 at A and Bob 50 at B (block 2); returns the kit with both deposits pending.</summary>
    private static ZkKit Funded()
    {
        var kit = new ZkKit();
        kit.Block(kit.Deposit(2, A, Alice, 1_000), kit.Deposit(3, B, Bob, 50));
        return kit;
    }

    [Fact]
    public void An_honest_batch_moves_the_root_and_pays_its_withdrawal_in_the_same_block()
    {
        var kit = Funded();
        var payee = Payee(0xE1);
        var proven = kit.Prove([.. kit.Pending(), WithdrawalTx.Create(A, 300, payee, 0, Alice, Domain)]);
        var run = kit.Block(kit.Submit(proven));

        var rollup = kit.Rollup;
        Assert.Equal(proven.Result.State.Accounts.Root, rollup.AccountRoot);
        Assert.Equal(proven.NewStateRoot, rollup.StateRoot);
        Assert.Equal((1UL, 2UL, 0UL), (rollup.NextBatch, rollup.PriorityProcessed, rollup.PendingPriority));
        Assert.Equal((UInt128)300, kit.Balance(payee));
        Assert.Equal((UInt128)750, kit.Escrow);
        Assert.Equal(kit.Escrow, rollup.Escrowed);
        var batch = ZkLedger.FindBatch(kit.State, Id, 0)!;
        Assert.Equal((kit.Height, 2u, 1u, (UInt128)300), (batch.L1Height, batch.PriorityConsumed, batch.Payouts, batch.PayoutTotal));
        Assert.Equal(BlobCommitment.Of(proven.Result.Pubdata), batch.PubdataCommitment);
        Assert.Equal(ZkPriorityStatus.Processed, ZkLedger.FindPriority(kit.State, Id, 0)!.Status);
        // The pubdata went into the block's data square like any blob, and the receipt burned its blob fee.
        Assert.False(run.HeaderFields.DataRoot.IsZero);
        Assert.True(run.Receipts[0].GasUsed > ZkVerificationGas.Base);
    }

    [Fact]
    public void A_wrong_new_root_is_included_as_failed_charged_and_leaves_the_root()
    {
        var kit = Funded();
        var proven = kit.Prove(kit.Pending());
        var honest = ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, 0);
        var lie = honest with { NewAccountRoot = Rpo256.Hash([1, 2, 3]) };
        AssertFailed(kit, kit.Submit(0, lie, proven.Result.Pubdata, proven.Proof), ZkRollupError.ProofInvalid);
    }

    [Fact]
    public void A_forged_signature_is_rejected_with_the_root_unmoved()
    {
        var kit = Funded();
        var deposit = kit.Prove(kit.Pending());
        kit.Block(kit.Submit(deposit));
        kit.Accepted(deposit);
        // The operator proves Alice's transfer with a signature by another key over the same message, its prover's checks
        // skipped (a v5 proof keeps the signature in the trace, so the forgery must be proven, not swapped into the bytes).
        var tx = TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Bob, Domain);
        PubdataOp[] pubdata = [PubdataOp.Transfer(A, B, tx.Amount)];
        var (forged, claimed) = ZkForge.Prove(kit.L2.Accounts, 1, pubdata, [new SignerWitness(0, Alice.PublicKey, tx.Signature)]);
        AssertFailed(kit, kit.Submit(1, new ZkBatchEffects(claimed, 0, [], []), PubdataCodec.Encode(pubdata), forged), ZkRollupError.ProofInvalid);
    }

    [Fact]
    public void An_overdraft_proven_by_a_cheating_prover_is_rejected()
    {
        var kit = Funded();
        var deposit = kit.Prove(kit.Pending());
        kit.Block(kit.Submit(deposit));
        kit.Accepted(deposit);
        var overdraft = TransferTx.Create(A, B, PackedAmount.Pack(5_000), 0, Alice, Domain);
        PubdataOp[] pubdata = [PubdataOp.Transfer(A, B, overdraft.Amount)];
        var (proof, claimed) = ZkForge.Prove(kit.L2.Accounts, 1, pubdata, [new SignerWitness(0, Alice.PublicKey, overdraft.Signature)]);
        var effects = new ZkBatchEffects(claimed, 0, [], []);
        AssertFailed(kit, kit.Submit(1, effects, PubdataCodec.Encode(pubdata), proof), ZkRollupError.ProofInvalid);
    }

    [Fact]
    public void A_blob_that_differs_from_the_proven_pubdata_is_rejected()
    {
        var kit = Funded();
        var deposit = kit.Prove(kit.Pending());
        kit.Block(kit.Submit(deposit));
        kit.Accepted(deposit);
        var proven = kit.Prove([TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain)]);
        var other = PubdataCodec.Encode([PubdataOp.Transfer(A, B, PackedAmount.Pack(11))]);
        AssertFailed(kit, kit.Submit(proven.BatchNumber, Effects(kit, proven), other, proven.Proof), ZkRollupError.ProofInvalid);
        var garbage = (byte[])proven.Result.Pubdata.Clone();
        garbage[0] = 0x7f;
        kit.Block(); // a new block: one failed batch per block
        AssertFailed(kit, kit.Submit(proven.BatchNumber, Effects(kit, proven), garbage, proven.Proof), ZkRollupError.PubdataMalformed);
    }

    [Fact]
    public void Declared_effects_that_are_not_the_pubdata_are_rejected()
    {
        var kit = Funded();
        var payee = Payee(0xE2);
        var proven = kit.Prove([.. kit.Pending(), WithdrawalTx.Create(A, 300, payee, 0, Alice, Domain)]);
        var honest = Effects(kit, proven);
        var thief = honest with { Payouts = [new ZkPayout(Payee(0xBA), 300)] };
        AssertFailed(kit, kit.Submit(0, thief, proven.Result.Pubdata, proven.Proof), ZkRollupError.EffectsMismatch);
        Assert.Equal(UInt128.Zero, kit.Balance(Payee(0xBA)));
    }

    [Fact]
    public void A_proposal_without_the_pubdata_bytes_is_refused_but_a_committed_block_applies_the_declared_effects()
    {
        var kit = Funded();
        var proven = kit.Prove(kit.Pending());
        var submitted = kit.Submit(proven);
        var bare = L1.Transactions.Transaction.FromBytes(submitted.Encoded); // the block's form: the blob's bytes are not in it
        Assert.False(((ZkBatchPayload)bare.Payload).Blob.HasData);
        Assert.Equal(ZkRollupError.PubdataUnavailable, kit.Refused(bare));
        kit.Block(kit.Next() with { CommittedDataRoot = new Core.Hash256(Enumerable.Repeat((byte)1, 32).ToArray()) }, bare);
        Assert.Equal(proven.Result.State.Accounts.Root, kit.Rollup.AccountRoot);
    }

    [Fact]
    public void Stateful_rules_refuse_before_any_verification()
    {
        var kit = Funded();
        var proven = kit.Prove(kit.Pending());
        var effects = Effects(kit, proven);
        Assert.Equal(ZkRollupError.BatchOutOfOrder, kit.Refused(kit.Submit(1, effects, proven.Result.Pubdata, proven.Proof)));
        Assert.Equal(ZkRollupError.TooManyPriorityOps, kit.Refused(kit.Submit(0, effects with { PriorityOpsConsumed = 3 }, proven.Result.Pubdata, proven.Proof)));
        Assert.Equal(ZkRollupError.InvalidEffects, kit.Refused(kit.Submit(0, effects with { RefundedDeposits = [5] }, proven.Result.Pubdata, proven.Proof)));
        Assert.Equal(ZkRollupError.EscrowInsufficient, kit.Refused(kit.Submit(0, effects with { Payouts = [new ZkPayout(Payee(1), 1_051)] }, proven.Result.Pubdata, proven.Proof)));
        var unknown = new ZkBatchPayload(Id + 1, 0, effects, BlobFeeCap, proven.Result.Pubdata, proven.Proof);
        Assert.Equal(ZkRollupError.UnknownRollup, kit.Refused(kit.Tx(1, unknown)));
    }

    [Fact]
    public void A_block_includes_at_most_one_failed_batch()
    {
        var kit = Funded();
        var proven = kit.Prove(kit.Pending());
        var lie = Effects(kit, proven) with { NewAccountRoot = Rpo256.Hash([9]) };
        var first = kit.Submit(0, lie, proven.Result.Pubdata, proven.Proof);
        var second = kit.Submit(0, lie, proven.Result.Pubdata, proven.Proof, key: 3);
        var context = kit.Next();
        kit.Executor.ApplyInBlock(kit.State, first, context, 0);
        var e = Assert.Throws<ZkRollupRejectedException>(() => kit.Executor.ApplyInBlock(kit.State, second, context, 1));
        Assert.Equal(ZkRollupError.FailedBatchQuota, e.Error);
        Assert.Equal(1UL, kit.Rollup.RejectedBatches);
    }

    private static ZkBatchEffects Effects(ZkKit kit, ZkProvenBatch proven)
        => ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, kit.Rollup.PriorityProcessed);

    /// <summary>The submission is included, its fee charged, the root and queue unmoved, a rejection recorded with <paramref name="reason"/>.</summary>
    private static void AssertFailed(ZkKit kit, L1.Transactions.Transaction tx, ZkRollupError reason)
    {
        var before = kit.Rollup;
        var sender = kit.State.GetAccount(tx.From);
        var escrow = kit.Escrow;
        var run = kit.Block(tx);
        var receipt = Assert.Single(run.Receipts);
        var after = kit.State.GetAccount(tx.From);
        Assert.Equal(sender.Balance - (receipt.Burned + receipt.Tip), after.Balance);
        Assert.Equal(sender.Nonce + 1, after.Nonce);
        Assert.True(receipt.Burned > (UInt128)receipt.GasUsed * BaseFee, "the blob fee is burned too");
        var rollup = kit.Rollup;
        Assert.Equal((before.AccountRoot, before.NextBatch, before.PriorityProcessed), (rollup.AccountRoot, rollup.NextBatch, rollup.PriorityProcessed));
        Assert.Equal(escrow, kit.Escrow);
        Assert.Equal(before.RejectedBatches + 1, rollup.RejectedBatches);
        var rejection = ZkLedger.FindRejection(kit.State, Id, before.RejectedBatches)!;
        Assert.Equal((tx.Hash, kit.Height, tx.From), (rejection.TxHash, rejection.L1Height, rejection.Submitter));
        // The typed reason is in the state; the node that verified it also holds the message.
        var failure = kit.Module.FailureOf(tx.Hash)!;
        Assert.Equal((reason, failure.Detail), (rejection.Reason, rejection.Detail));
        Assert.Equal(reason, failure.Reason);
    }
}
