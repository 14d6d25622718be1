using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

/// <summary>
/// Where proofs run is injected (the whole-node simulation runs them as events in virtual time): a runner that defers
/// the proof leaves the batch proving until it runs, and an operator that crashed meanwhile loses nothing (its
/// restart reproves the journaled plan, same range); a runner that proves inline settles within the tick.
/// </summary>
public sealed class ZkProofRunnerTests
{
    private static readonly ZkBatchProver Prover = new(Domain, Fast, sequential: true);

    [Fact]
    public async Task A_deferred_proof_lost_in_a_crash_is_reproven_over_the_same_range_after_the_restart()
    {
        using var f = new ZkOperatorFixture(new ZkOperatorOptions(MaxBatchOps: 1));
        var deferred = new List<Action>();
        ZkOperator Start() => new(new ZkOperatorCore(Domain, new ZkOperatorJournal(f.Store), f.Options, f.Time), f.L1,
            plan => Prover.Prove(plan.Before, plan.Ops, plan.Number), f.Options, f.Time, proof => { deferred.Add(proof); return new TaskCompletionSource().Task; });
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        var first = Start();
        await first.TickAsync(CancellationToken.None);
        Assert.Equal(ZkBatchPhase.Proving, first.Core.GetBatch(0)!.Phase);
        Assert.Single(deferred);
        Assert.Empty(f.L1.Received);

        // Crash: the deferred proof never runs; the restarted operator proves the journaled plan again.
        deferred.Clear();
        var second = Start();
        Assert.Equal(ZkBatchPhase.Proving, second.Core.GetBatch(0)!.Phase);
        await second.TickAsync(CancellationToken.None);
        var proof = Assert.Single(deferred);
        proof();
        Assert.Equal(ZkBatchPhase.Proven, second.Core.GetBatch(0)!.Phase);
        await second.TickAsync(CancellationToken.None);
        var sent = Assert.Single(f.L1.Received);
        Assert.Equal((0UL, 1UL), (sent.BatchNumber, (await f.L1.GetStatusAsync(CancellationToken.None)).ProvenBatches));
        Assert.Equal(1_000UL, second.Core.GetAccount(A).Balance);
    }

    [Fact]
    public async Task An_inline_runner_proves_within_the_tick_and_leaves_nothing_proving()
    {
        using var f = new ZkOperatorFixture(new ZkOperatorOptions(MaxBatchOps: 1));
        var op = new ZkOperator(f.Core, f.L1, plan => Prover.Prove(plan.Before, plan.Ops, plan.Number), f.Options, f.Time, proof =>
        {
            proof();
            return Task.CompletedTask;
        });
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await op.TickAsync(CancellationToken.None);
        var waited = op.WaitForProofsAsync(); // nothing is tracked as proving
        Assert.True(waited.IsCompletedSuccessfully);
        // Both batches were cut, proven and sent within that one tick; the next tick sees L1 verified them.
        ZkL1Status status = await f.L1.GetStatusAsync(CancellationToken.None);
        Assert.Equal((2UL, 2UL, 2), (status.ProvenBatches, status.PriorityOpsProcessed, f.L1.Received.Count));
        await op.TickAsync(CancellationToken.None);
        Assert.Equal((ZkBatchPhase.Verified, ZkBatchPhase.Verified), (op.Core.GetBatch(0)!.Phase, op.Core.GetBatch(1)!.Phase));
    }
}
