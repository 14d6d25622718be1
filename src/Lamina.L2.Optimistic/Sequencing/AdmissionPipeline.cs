using System.Threading.Channels;
using Lamina.Core;

namespace Lamina.L2.Optimistic.Sequencing;

/// <summary>What the ordered stage answers for one transaction: its hash once admitted, or why it was refused.</summary>
public readonly record struct AdmissionResult(Hash256 Hash, Exception? Error);

/// <summary>The ordered stage: applies signature-checked transactions in exactly the given order and answers for each, by position.</summary>
public delegate AdmissionResult[] AdmitInOrder(IReadOnlyList<SignatureCheckedItem> items);

/// <summary>How admission runs: the intake bound (backpressure), the largest batch, and the cores signatures are checked on.</summary>
public sealed record AdmissionOptions(int Capacity = 16_384, int MaxBatch = 512, int SignatureThreads = -1);

/// <summary>
/// The sequencer's admission in two stages. Transactions enter a bounded intake in arrival order; a checking thread
/// takes whatever is waiting (up to <see cref="AdmissionOptions.MaxBatch"/>, so a batch grows with the load and a lone
/// transaction waits for nobody) and checks the batch's signatures across cores; an ordered thread hands each batch,
/// in arrival order, to <see cref="AdmitInOrder"/> (nonce, fee and balance against the state, and the journal), while
/// the next batch's signatures are being checked. A signature depends on the transaction alone and is the rules' first
/// check, so the stateful rules see the transactions in arrival order and decide exactly as if each had been admitted
/// alone: the blocks built from them are the same. Both stages run on threads of their own, so a caller that blocks on
/// its answer (a synchronous RPC handler) cannot starve them of thread-pool threads.
/// </summary>
public sealed class AdmissionPipeline : IDisposable
{
    private sealed record Submission(OptimisticBatchItem Item, TaskCompletionSource<Hash256> Done);

    private sealed record CheckedBatch(Submission[] Submissions, SignatureCheckedItem?[] Checked);

    private readonly ulong _chainId, _rollupId;
    private readonly AdmitInOrder _admit;
    private readonly AdmissionOptions _options;
    private readonly Channel<Submission> _intake;
    private readonly Channel<CheckedBatch> _checked;
    private readonly Thread _checking, _ordering;
    private int _disposed;

    public AdmissionPipeline(ulong chainId, ulong rollupId, AdmitInOrder admit, AdmissionOptions? options = null)
    {
        _chainId = chainId;
        _rollupId = rollupId;
        _admit = admit;
        _options = options ?? new AdmissionOptions();
        if (_options.Capacity < 1 || _options.MaxBatch < 1) throw new ArgumentException("admission capacity and batch must be positive", nameof(options));
        // Synchronous continuations: what continues when the checking thread frees room for a waiting writer is only
        // SubmitAsync registering its wait for the answer, cheaper inline than as a thread-pool hop per transaction
        // (the caller's own code runs after the answer, which completes asynchronously).
        _intake = Channel.CreateBounded<Submission>(new BoundedChannelOptions(_options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
        // Two checked batches in flight at most: enough to keep the ordered stage busy, little enough to bound memory.
        _checked = Channel.CreateBounded<CheckedBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        _checking = new Thread(CheckLoop) { IsBackground = true, Name = "l2-admission-check" };
        _ordering = new Thread(OrderLoop) { IsBackground = true, Name = "l2-admission-order" };
        _checking.Start();
        _ordering.Start();
    }

    /// <summary>Transactions taken in but not yet answered.</summary>
    public int Waiting => _intake.Reader.Count;

    /// <summary>
    /// Queues a transaction; the task ends with its hash once the ordered stage admitted it, or with the refusal
    /// (<see cref="InvalidOptimisticTransactionException"/> for the rules', whatever the stage threw for its own).
    /// Waits while the intake is full.
    /// </summary>
    public async Task<Hash256> SubmitAsync(OptimisticBatchItem item, CancellationToken cancellationToken = default)
    {
        var submission = new Submission(item, new TaskCompletionSource<Hash256>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _intake.Writer.WriteAsync(submission, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(AdmissionPipeline), "the sequencer's admission has stopped");
        }
        return await submission.Done.Task;
    }

    private void CheckLoop()
    {
        var reader = _intake.Reader;
        var batch = new List<Submission>(_options.MaxBatch);
        var items = new List<OptimisticBatchItem>(_options.MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            items.Clear();
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var submission))
            {
                batch.Add(submission);
                items.Add(submission.Item);
            }
            if (batch.Count == 0) continue;
            var checkedItems = SignatureCheckedItem.CheckAll(items, _chainId, _rollupId, _options.SignatureThreads);
            _checked.Writer.WriteAsync(new CheckedBatch([.. batch], checkedItems)).AsTask().GetAwaiter().GetResult();
        }
        _checked.Writer.Complete();
    }

    private void OrderLoop()
    {
        var reader = _checked.Reader;
        var admitted = new List<SignatureCheckedItem>(_options.MaxBatch);
        var positions = new List<int>(_options.MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var batch))
            {
                admitted.Clear();
                positions.Clear();
                for (var i = 0; i < batch.Submissions.Length; i++)
                {
                    if (batch.Checked[i] is { } item)
                    {
                        admitted.Add(item);
                        positions.Add(i);
                    }
                    else batch.Submissions[i].Done.TrySetException(SignatureCheckedItem.BadSignatureFor(batch.Submissions[i].Item.Kind));
                }
                if (admitted.Count == 0) continue;
                AdmissionResult[] results;
                try
                {
                    results = _admit(admitted);
                    if (results.Length != admitted.Count) throw new InvalidOperationException($"the ordered stage answered {results.Length} of {admitted.Count} transactions");
                }
                catch (Exception e)
                {
                    // The stage itself failed (the journal could not be written): nothing of the batch is confirmed.
                    foreach (var position in positions) batch.Submissions[position].Done.TrySetException(e);
                    continue;
                }
                for (var k = 0; k < results.Length; k++)
                {
                    var done = batch.Submissions[positions[k]].Done;
                    if (results[k].Error is { } error) done.TrySetException(error);
                    else done.TrySetResult(results[k].Hash);
                }
            }
        }
    }

    /// <summary>Stops taking transactions, answers every one already taken, and waits for both stages to end.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _intake.Writer.TryComplete();
        // From inside a stage (the ordered callback) joining could wait on this very thread: the stages end by themselves.
        if (Thread.CurrentThread == _checking || Thread.CurrentThread == _ordering) return;
        _checking.Join();
        _ordering.Join();
    }
}
