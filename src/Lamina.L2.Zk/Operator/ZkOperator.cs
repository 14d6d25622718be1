using System.Diagnostics;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;

namespace Lamina.L2.Zk.Operator;

/// <summary>
/// The operator's loop around <see cref="ZkOperatorCore"/>: each tick reads L1's status, takes newly queued priority
/// operations into the log, notes the batches L1 verified, cuts due batches and proves them in the background (up
/// to <see cref="ZkOperatorOptions.EffectiveProverParallelism"/> at once, each from the state the previous batch
/// reached natively, so batch n+1 proves while n still does), and sends proven batches to L1 in number order from
/// the first L1 has not verified, resending the same journaled bytes when one has not landed in time. It reads L1's
/// failed batches (zkl1_getRejections) before sending: one of its own that L1 rejected for good halts it
/// (<see cref="ZkOperatorCore.Halted"/>), reported once through <see cref="Warn"/>, rather than paying again for the
/// same verdict every resend interval.
/// <para>
/// How a batch is proven and where the proof runs are injected: <paramref name="prove"/> proves a plan (the node passes
/// <see cref="ZkBatchProver.Prove"/>), and <paramref name="runProof"/> starts it (default: the thread pool). The
/// whole-node simulation runs proofs as events in virtual time instead, so a crash can fall while a batch proves.
/// </para>
/// </summary>
public sealed class ZkOperator(ZkOperatorCore core, IZkSettlement l1, Func<ZkBatchPlan, ZkProvenBatch> prove, ZkOperatorOptions options, TimeProvider time,
    Func<Action, Task>? runProof = null)
{
    public ZkOperator(ZkOperatorCore core, IZkSettlement l1, ZkBatchProver prover, ZkOperatorOptions options, TimeProvider time)
        : this(core, l1, plan => prover.Prove(plan.Before, plan.Ops, plan.Number), options, time)
    {
    }

    private const int RejectionPage = 100;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Task> _proving = [];
    private readonly Queue<ZkBatchPlan> _toProve = new(core.RecoveredPlans);
    private ZkL1Status? _lastStatus;
    private ulong _rejectionsRead;

    public ZkOperatorCore Core => core;

    /// <summary>Where the operator reports what an operator must act on (a batch L1 rejected, the halt); the node logs it as an error.</summary>
    public Action<string>? Warn { get; set; }

    /// <summary>The L1 status read last (null before the first tick).</summary>
    public ZkL1Status? L1Status => Volatile.Read(ref _lastStatus);

    /// <summary>The last failure of a tick or a proof, cleared by a clean tick.</summary>
    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LastError = e.Message;
            }
            try
            {
                await Task.Delay(options.EffectivePollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Task[] running;
        lock (_gate) running = [.. _proving.Values];
        await Task.WhenAll(running).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>One round of the loop; tests drive it directly.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        ZkL1Status status = await l1.GetStatusAsync(cancellationToken);
        Volatile.Write(ref _lastStatus, status);
        core.ObserveL1(status.Frozen);
        if (status.Frozen) return; // exodus: nothing the operator sends can land any more
        if (status.PriorityOpsQueued > core.NextPrioritySerial)
            core.AddPriorityOps(await l1.GetPriorityOpsAsync(core.NextPrioritySerial, 256, cancellationToken));
        string? noted = null;
        try
        {
            for (ulong n = core.VerifiedCount; n < Math.Min(status.ProvenBatches, core.BatchCount); n++)
                core.ObserveL1(false, await l1.GetBatchAsync(n, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Reading a verified batch's record (and its pubdata on DA) is bookkeeping: it must not hold up proving and sending.
            noted = $"reading verified batches from L1: {e.Message}";
        }
        await ReadRejectionsAsync(status, cancellationToken);
        StartProving();
        await SubmitAsync(status.ProvenBatches, cancellationToken);
        LastError = noted;
    }

    /// <summary>
    /// Takes in L1's failed batches not read yet (from index 0 after a restart, so a halt holds across restarts): each
    /// of this operator's that L1 has not since verified marks its batch rejected, with L1's reason.
    /// </summary>
    private async Task ReadRejectionsAsync(ZkL1Status status, CancellationToken cancellationToken)
    {
        while (_rejectionsRead < status.RejectedBatches)
        {
            IReadOnlyList<ZkL1Rejection> page = await l1.GetRejectionsAsync(_rejectionsRead, RejectionPage, cancellationToken);
            if (page.Count == 0) return;
            foreach (ZkL1Rejection r in page)
            {
                _rejectionsRead = r.Index + 1;
                if (!r.Ours || r.BatchNumber < status.ProvenBatches) continue;
                string what = r.Detail is null ? r.Reason : $"{r.Reason}/{r.Detail}";
                string reason = $"{what}: {r.Message ?? "no message (the L1 node read did not verify it itself)"} (failed at L1 height {r.L1Height}, tx {r.TxHash})";
                if (core.RecordRejection(r.BatchNumber, reason, r.Final) && core.Halted is { } halt) Warn?.Invoke(halt);
                else if (!r.Final) Warn?.Invoke($"L1 included batch {r.BatchNumber} as failed ({reason}); it is sent again");
            }
        }
    }

    private void StartProving()
    {
        lock (_gate)
        {
            while (_proving.Count < options.EffectiveProverParallelism)
            {
                ZkBatchPlan? plan = _toProve.Count > 0 ? _toProve.Dequeue() : core.CutBatch();
                if (plan is null) return;
                // A runner that proves inline has finished (and cleared its entry) before this line: nothing to track.
                Task proof = runProof is null ? Task.Run(() => Prove(plan)) : runProof(() => Prove(plan));
                if (!proof.IsCompleted) _proving[plan.Number] = proof;
            }
        }
    }

    private void Prove(ZkBatchPlan plan)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            ZkProvenBatch proven = prove(plan);
            uint ms = (uint)Math.Min(uint.MaxValue, clock.ElapsedMilliseconds);
            core.RecordProven(plan, ZkFaults.Submission(options.Fault, plan, proven, core.Domain), ms);
        }
        catch (Exception e)
        {
            LastError = $"proving batch {plan.Number} failed: {e.Message}";
            lock (_gate) _toProve.Enqueue(plan); // tried again on a later tick, with the same range
        }
        finally
        {
            lock (_gate) _proving.Remove(plan.Number);
        }
    }

    /// <summary>Waits until no batch is proving (tests and orderly shutdown).</summary>
    public async Task WaitForProofsAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_gate) running = [.. _proving.Values];
            if (running.Length == 0) return;
            await Task.WhenAll(running);
        }
    }

    private async Task SubmitAsync(ulong provenOnL1, CancellationToken cancellationToken)
    {
        ulong end = Math.Min(core.BatchCount, provenOnL1 + (ulong)options.MaxBatchesAhead);
        for (ulong n = provenOnL1; n < end; n++)
        {
            ZkBatchSubmission? submission = core.Submission(n);
            if (submission is null) return; // in order only: n+1 cannot land before n
            if (!core.DueForSubmission(n, options.EffectiveResubmitAfter)) continue;
            try
            {
                await l1.SubmitBatchAsync(submission, cancellationToken);
                core.MarkSubmitted(n, null);
            }
            catch (ZkSubmissionRejectedException e)
            {
                bool final = e.Reason is not (ZkSettlementRejection.WrongBatchNumber or ZkSettlementRejection.Frozen or ZkSettlementRejection.Refused);
                core.MarkSubmitted(n, $"{e.Reason}: {e.Message}", final);
                if (final && core.Halted is { } halt) Warn?.Invoke(halt);
                return;
            }
        }
    }
}
