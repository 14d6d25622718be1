using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Settlement;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

/// <summary>
/// A batch the L1 module includes as failed (and charges) rather than refusing: the operator reads L1's rejections,
/// marks the batch rejected with L1's reason, and halts instead of paying for the same verdict every resend interval.
/// </summary>
public sealed class ZkRejectedBatchTests
{
    /// <summary>Batch 0 (the deposits) lands honestly; batch 1 carries the fault and is included as failed.</summary>
    private static async Task<ZkOperatorFixture> RejectedSecondBatchAsync(List<string> warnings)
    {
        var f = new ZkOperatorFixture(new ZkOperatorOptions(MaxBatchOps: 4, ProverParallelism: 1, Fault: ZkFault.WrongRoot), includeFailedBatches: true);
        f.Operator.Warn = warnings.Add;
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await f.Operator.TickAsync(CancellationToken.None);
        f.Time.Advance(TimeSpan.FromSeconds(2));
        await f.Operator.TickAsync(CancellationToken.None);
        await f.Operator.WaitForProofsAsync();
        await f.Operator.TickAsync(CancellationToken.None);
        Assert.Equal(1UL, (await f.L1.GetStatusAsync(CancellationToken.None)).ProvenBatches);

        f.Core.Admit(f.Transfer(Alice, A, B, 100, 0));
        f.Time.Advance(TimeSpan.FromSeconds(2));
        await f.Operator.TickAsync(CancellationToken.None);
        await f.Operator.WaitForProofsAsync();
        await f.Operator.TickAsync(CancellationToken.None); // sent: L1 takes it in and includes it as failed
        Assert.Equal(1, f.L1.FailedBatchesCharged);
        Assert.Equal(ZkBatchPhase.Submitted, f.Core.GetBatch(1)!.Phase); // nothing said so yet on the submission path
        return f;
    }

    [Fact]
    public async Task A_batch_L1_includes_as_failed_is_marked_rejected_with_L1s_reason_and_the_operator_halts_instead_of_resending()
    {
        var warnings = new List<string>();
        using var f = await RejectedSecondBatchAsync(warnings);
        await f.Operator.TickAsync(CancellationToken.None); // reads zkl1_getRejections

        ZkBatchInfo batch = f.Core.GetBatch(1)!;
        Assert.Equal(ZkBatchPhase.Rejected, batch.Phase);
        Assert.StartsWith(nameof(ZkSettlementRejection.InvalidProof), batch.LastRejection);
        Assert.Contains("failed at L1 height", batch.LastRejection);
        Assert.Contains("L1 rejected batch 1", f.Core.Halted);
        Assert.Equal(f.Core.Halted, Assert.Single(warnings));

        // Halted: nothing is sent again (and charged again), no transaction is taken, no new batch is cut.
        for (int i = 0; i < 3; i++)
        {
            f.Time.Advance(f.Options.EffectiveResubmitAfter);
            await f.Operator.TickAsync(CancellationToken.None);
            await f.Operator.WaitForProofsAsync();
        }
        Assert.Single(f.L1.Received, s => s.BatchNumber == 1);
        Assert.Equal(1, f.L1.FailedBatchesCharged);
        Assert.Equal(2UL, f.Core.BatchCount);
        var refused = Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(f.Transfer(Alice, A, B, 1, 1)));
        Assert.Equal((ZkRejection.Halted, "halted"), (refused.Reason, refused.Code));
        Assert.Single(warnings); // said once, not every tick
        Assert.Equal(1UL, (await f.L1.GetStatusAsync(CancellationToken.None)).ProvenBatches);
    }

    [Fact]
    public async Task The_halt_holds_across_a_restart_without_sending_the_rejected_batch_again()
    {
        var warnings = new List<string>();
        using var f = await RejectedSecondBatchAsync(warnings);
        f.Restart(); // before the operator read the rejection: the restarted one reads it from L1 before it sends anything
        f.Time.Advance(f.Options.EffectiveResubmitAfter);
        await f.Operator.TickAsync(CancellationToken.None);
        await f.Operator.TickAsync(CancellationToken.None);
        Assert.NotNull(f.Core.Halted);
        Assert.Equal(ZkBatchPhase.Rejected, f.Core.GetBatch(1)!.Phase);
        Assert.Single(f.L1.Received, s => s.BatchNumber == 1);
        Assert.Equal(1, f.L1.FailedBatchesCharged);
    }

    [Fact]
    public async Task A_missing_blob_is_not_a_verdict_and_another_submitters_failure_is_not_ours()
    {
        Assert.False(new ZkL1Rejection(0, 1, 5, default, true, ZkL1Rejection.PubdataUnavailable, null).Final);
        Assert.True(new ZkL1Rejection(0, 1, 5, default, true, ZkL1Rejection.UnknownReason, null).Final);
        Assert.True(new ZkL1Rejection(0, 1, 5, default, true, "ProofInvalid", "bad FRI").Final);

        using var f = new ZkOperatorFixture();
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        await f.Operator.TickAsync(CancellationToken.None);
        f.Time.Advance(TimeSpan.FromSeconds(2));
        await f.Operator.TickAsync(CancellationToken.None); // batch 0 cut
        Assert.False(f.Core.RecordRejection(0, "PubdataUnavailable: the proposer did not hold the blob", final: false));
        Assert.Equal(ZkBatchPhase.Rejected, f.Core.GetBatch(0)!.Phase);
        Assert.Null(f.Core.Halted);
        await f.SettleAsync(); // sent again and verified
        Assert.Equal(ZkBatchPhase.Verified, f.Core.GetBatch(0)!.Phase);
        Assert.False(f.Core.RecordRejection(0, "ProofInvalid: a late failed resend", final: true)); // verified stays verified
        Assert.Null(f.Core.Halted);
    }
}
