using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Rebuild;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Transactions;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

/// <summary>An honest operator against the in-memory L1: batches are cut, proven, sent in order and verified.</summary>
public sealed class ZkOperatorSettlementTests
{
    [Fact]
    public async Task Deposits_transfers_and_a_withdrawal_settle_on_L1_and_the_state_rebuilds_from_pubdata_alone()
    {
        using var f = new ZkOperatorFixture();
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await f.Operator.TickAsync(CancellationToken.None);
        f.Core.Admit(f.Transfer(Alice, A, B, 100, 0));
        f.Core.Admit(TransferToNewTx.Create(A, C, Carol.PublicKey, PackedAmount.Pack(30), 1, Alice, Domain));
        f.Core.Admit(WithdrawalTx.Create(B, 20, Exit, 0, Bob, Domain));
        f.Core.Admit(f.Transfer(Carol, C, A, 5, 0));
        await f.SettleAsync();

        ZkL1Status status = await f.L1.GetStatusAsync(CancellationToken.None);
        Assert.Equal(f.Core.PendingHead().StateRoot, status.ProvenStateRoot);
        Assert.Equal(2UL, status.PriorityOpsProcessed);
        Assert.True(status.ProvenBatches >= 2);

        // The withdrawal is paid on L1 in the very block whose batch proof carried it: no window.
        var credit = Assert.Single(f.L1.Credited);
        Assert.Equal((Exit, 20UL), (credit.Recipient, credit.Amount));
        ulong? withdrawalBatch = null;
        for (ulong n = 0; n < status.ProvenBatches; n++)
        {
            ZkL1BatchRecord record = (await f.L1.GetBatchAsync(n, CancellationToken.None))!;
            if (record.L1Height == credit.L1Height) withdrawalBatch = n;
            ZkBatchInfo info = f.Core.GetBatch(n)!;
            Assert.Equal(ZkBatchPhase.Verified, info.Phase);
            Assert.Equal(record.ProofBytes, info.ProofBytes);
            Assert.True(info.ProofBytes > 0 && info.PubdataBytes > 0);
            Assert.NotNull(info.L1VerifyMilliseconds);
        }
        Assert.NotNull(withdrawalBatch);

        ZkRebuiltState rebuilt = await ZkStateRebuilder.RebuildAsync(f.L1);
        Assert.Equal(f.Core.PendingHead().StateRoot, rebuilt.State.Root);
        Assert.Equal(875UL, rebuilt.State.Accounts.Get(A).Balance);
        Assert.Equal(130UL, rebuilt.State.Accounts.Get(B).Balance);
        Assert.Equal(25UL, rebuilt.State.Accounts.Get(C).Balance);
        Assert.Equal(1U, rebuilt.State.Accounts.Get(C).Nonce);
        Assert.Equal(f.L1.Received.Count, (int)status.ProvenBatches); // nothing was sent twice
    }

    [Fact]
    public async Task The_rebuilder_refuses_pubdata_that_does_not_reach_L1s_root()
    {
        using var f = new ZkOperatorFixture();
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        await f.Operator.TickAsync(CancellationToken.None);
        await f.SettleAsync();
        ZkL1BatchRecord record = (await f.L1.GetBatchAsync(0, CancellationToken.None))!;
        byte[] tampered = (byte[])record.Pubdata.Clone();
        tampered[^1] ^= 1; // the key's last byte: still a pubdata encoding, another state
        var e = Assert.ThrowsAny<Exception>(() => ZkStateRebuilder.Replay(new State.ZkState(), record with { Pubdata = tampered }));
        Assert.True(e is ZkRebuildException { Error: ZkRebuildError.RootMismatch or ZkRebuildError.MalformedPubdata }, e.Message);
        var truncated = Assert.Throws<ZkRebuildException>(() => ZkStateRebuilder.Replay(new State.ZkState(), record with { Pubdata = record.Pubdata[..^1] }));
        Assert.Equal(ZkRebuildError.MalformedPubdata, truncated.Error);
    }

    [Fact]
    public async Task A_DA_node_that_cannot_serve_verified_batches_does_not_hold_up_proving_and_sending()
    {
        using var f = new ZkOperatorFixture();
        var op = new ZkOperator(f.Core, new NoRecords(f.L1), new Proving.ZkBatchProver(Domain, Fast, sequential: true), f.Options, f.Time);
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        await op.TickAsync(CancellationToken.None);
        f.Core.Admit(TransferToNewTx.Create(A, B, Bob.PublicKey, PackedAmount.Pack(100), 0, Alice, Domain));
        for (int i = 0; i < 4; i++)
        {
            f.Time.Advance(TimeSpan.FromSeconds(2));
            await op.TickAsync(CancellationToken.None);
            await op.WaitForProofsAsync();
        }
        await op.TickAsync(CancellationToken.None);
        ZkL1Status status = await f.L1.GetStatusAsync(CancellationToken.None);
        Assert.Equal(f.Core.BatchCount, status.ProvenBatches);
        Assert.Equal(f.Core.PendingHead().StateRoot, status.ProvenStateRoot);
        Assert.Contains("reading verified batches", op.LastError);
        Assert.Equal(ZkBatchPhase.Submitted, f.Core.GetBatch(0)!.Phase); // L1 proved it; the operator could not read its record
    }

    /// <summary>An L1 whose batch records cannot be read (a DA node without the pubdata, say).</summary>
    private sealed class NoRecords(IZkSettlement inner) : IZkSettlement
    {
        public Task<ZkL1Status> GetStatusAsync(CancellationToken ct) => inner.GetStatusAsync(ct);
        public Task<ZkL1BatchRecord?> GetBatchAsync(ulong number, CancellationToken ct) => throw new InvalidDataException("no blob with that commitment");
        public Task<IReadOnlyList<ZkTransaction>> GetPriorityOpsAsync(ulong fromSerial, int max, CancellationToken ct) => inner.GetPriorityOpsAsync(fromSerial, max, ct);
        public Task SubmitBatchAsync(ZkBatchSubmission submission, CancellationToken ct) => inner.SubmitBatchAsync(submission, ct);
    }

    [Theory]
    [InlineData(ZkFault.WrongRoot, ZkSettlementRejection.InvalidProof)]
    [InlineData(ZkFault.PubdataMismatch, ZkSettlementRejection.PubdataMismatch)]
    [InlineData(ZkFault.ForgedSignature, ZkSettlementRejection.InvalidProof)]
    [InlineData(ZkFault.Overdraft, ZkSettlementRejection.InvalidProof)]
    public async Task A_faulty_operators_batch_is_rejected_and_the_root_does_not_move(ZkFault fault, ZkSettlementRejection expected)
    {
        using var f = new ZkOperatorFixture(new ZkOperatorOptions(MaxBatchOps: 4, ProverParallelism: 1, Fault: fault));
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await f.Operator.TickAsync(CancellationToken.None);
        f.Time.Advance(TimeSpan.FromSeconds(2));
        await f.Operator.TickAsync(CancellationToken.None); // batch 0: the deposits alone, sent honestly
        await f.Operator.WaitForProofsAsync();
        await f.Operator.TickAsync(CancellationToken.None);
        ZkL1Status afterDeposits = await f.L1.GetStatusAsync(CancellationToken.None);
        Assert.Equal(1UL, afterDeposits.ProvenBatches);

        f.Core.Admit(WithdrawalTx.Create(B, 20, Exit, 0, Bob, Domain));
        f.Core.Admit(f.Transfer(Alice, A, B, 100, 0));
        f.Time.Advance(TimeSpan.FromSeconds(2));
        await f.Operator.TickAsync(CancellationToken.None);
        await f.Operator.WaitForProofsAsync();
        await f.Operator.TickAsync(CancellationToken.None);

        ZkBatchInfo attack = f.Core.GetBatch(1)!;
        Assert.Equal(ZkBatchPhase.Rejected, attack.Phase);
        Assert.StartsWith(expected.ToString(), attack.LastRejection);
        ZkL1Status after = await f.L1.GetStatusAsync(CancellationToken.None);
        Assert.Equal(afterDeposits.ProvenStateRoot, after.ProvenStateRoot);
        Assert.Equal(1UL, after.ProvenBatches);
        Assert.Empty(f.L1.Credited);

        // Sent again later, it is the very same bytes: one content per batch number.
        f.Time.Advance(f.Options.EffectiveResubmitAfter);
        await f.Operator.TickAsync(CancellationToken.None);
        var sent = f.L1.Received.Where(s => s.BatchNumber == 1).Select(s => Convert.ToHexString(s.Encode())).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Single(sent.Distinct());
    }
}
