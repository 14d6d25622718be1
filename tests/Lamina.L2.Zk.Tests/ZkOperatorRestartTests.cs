using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Transactions;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

/// <summary>A crash (a new core and operator on the same store) loses no accepted operation and changes no batch already journaled.</summary>
public sealed class ZkOperatorRestartTests
{
    private static async Task<ZkOperatorFixture> FundedAsync(ZkOperatorOptions? options = null)
    {
        var f = new ZkOperatorFixture(options);
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await f.Operator.TickAsync(CancellationToken.None);
        return f;
    }

    [Fact]
    public async Task Every_accepted_transaction_survives_a_restart_with_the_same_pending_state()
    {
        using var f = await FundedAsync();
        var hashes = new[]
        {
            f.Core.Admit(f.Transfer(Alice, A, B, 100, 0)).Hash,
            f.Core.Admit(f.Transfer(Bob, B, A, 7, 0)).Hash,
            f.Core.Admit(f.Transfer(Alice, A, B, 1, 1)).Hash,
        };
        ZkPendingHead before = f.Core.PendingHead();
        f.Restart();
        Assert.Equal(before, f.Core.PendingHead());
        Assert.Equal(hashes, f.Core.Pending(10).Skip(2).Select(p => p.Hash));
        Assert.Equal(2UL, f.Core.NextPrioritySerial);
        // Nonces continue where they were: a replay is refused, the next nonce is taken.
        Assert.Equal(ZkRejection.Rule, Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(f.Transfer(Alice, A, B, 1, 1))).Reason);
        f.Core.Admit(f.Transfer(Alice, A, B, 1, 2));
        await f.SettleAsync();
        Assert.Equal(f.Core.PendingHead().StateRoot, (await f.L1.GetStatusAsync(CancellationToken.None)).ProvenStateRoot);
    }

    [Fact]
    public async Task A_batch_cut_but_not_proven_is_reproven_after_a_restart_with_the_same_range()
    {
        using var f = await FundedAsync(new ZkOperatorOptions(MaxBatchOps: 3));
        f.Core.Admit(f.Transfer(Alice, A, B, 100, 0));
        f.Core.Admit(f.Transfer(Alice, A, B, 1, 1));
        ZkBatchPlan plan = f.Core.CutBatch()!; // full: two deposits and a transfer
        Assert.Equal(3, plan.Ops.Count);
        f.Restart();
        ZkBatchPlan recovered = Assert.Single(f.Core.RecoveredPlans);
        Assert.Equal((plan.Number, plan.FirstSequence, plan.Before.Root), (recovered.Number, recovered.FirstSequence, recovered.Before.Root));
        Assert.Equal(plan.Ops.Select(o => Convert.ToHexString(o.Encode())), recovered.Ops.Select(o => Convert.ToHexString(o.Encode())));
        Assert.Single(f.Core.Pending(10));
        await f.SettleAsync();
        Assert.Equal(3, f.Core.GetBatch(0)!.OpCount);
        Assert.Equal(f.Core.PendingHead().StateRoot, (await f.L1.GetStatusAsync(CancellationToken.None)).ProvenStateRoot);
    }

    [Fact]
    public async Task A_proven_batch_that_could_not_be_sent_goes_out_after_a_restart_with_the_same_bytes()
    {
        var offline = new OfflineSettlement();
        using var f = await FundedAsync();
        f.Core.Admit(f.Transfer(Alice, A, B, 100, 0));
        f.Time.Advance(TimeSpan.FromSeconds(2));
        var op = new ZkOperator(f.Core, offline.Over(f.L1), new Proving.ZkBatchProver(Domain, Fast, sequential: true), f.Options, f.Time);
        await op.TickAsync(CancellationToken.None); // cuts the batch and starts its proof
        await op.WaitForProofsAsync();
        await Assert.ThrowsAsync<IOException>(() => op.TickAsync(CancellationToken.None)); // proven and journaled, but L1 cannot be reached
        byte[] journaled = f.Core.Submission(0)!.Encode();
        Assert.Empty(f.L1.Received);

        f.Restart();
        Assert.Equal(journaled, f.Core.Submission(0)!.Encode());
        await f.SettleAsync();
        Assert.Equal(journaled, f.L1.Received[0].Encode());
        var perNumber = f.L1.Received.GroupBy(s => s.BatchNumber).Select(g => g.Select(s => Convert.ToHexString(s.Encode())).Distinct().Count());
        Assert.All(perNumber, distinct => Assert.Equal(1, distinct));
    }

    /// <summary>An L1 that reads but cannot be sent to, as when the operator dies between journaling and sending.</summary>
    private sealed class OfflineSettlement
    {
        public IZkSettlement Over(IZkSettlement inner) => new Wrapper(inner);

        private sealed class Wrapper(IZkSettlement inner) : IZkSettlement
        {
            public Task<ZkL1Status> GetStatusAsync(CancellationToken ct) => inner.GetStatusAsync(ct);
            public Task<ZkL1BatchRecord?> GetBatchAsync(ulong number, CancellationToken ct) => inner.GetBatchAsync(number, ct);
            public Task<IReadOnlyList<ZkTransaction>> GetPriorityOpsAsync(ulong fromSerial, int max, CancellationToken ct) => inner.GetPriorityOpsAsync(fromSerial, max, ct);
            public Task SubmitBatchAsync(ZkBatchSubmission submission, CancellationToken ct) => throw new IOException("L1 unreachable");
        }
    }
}
