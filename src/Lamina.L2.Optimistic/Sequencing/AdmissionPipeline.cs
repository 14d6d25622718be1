using System.Threading.Channels;
using Lamina.Core;

namespace Lamina.L2.Optimistic.Sequencing;

/// <summary>What the ordered stage answers for one transaction: its hash once admitted, or why it was refused.</summary>
public readonly record struct AdmissionResult(Hash256 Hash, Exception? Error);

/// <summary>The ordered stage: applies signature-checked transactions in exactly the given order and answers for each, by position.</summary>
public delegate AdmissionResult[] AdmitInOrder(IReadOnlyList<SignatureCheckedItem> items);

/// <summary>How admission runs: the intake bound (backpressure), the largest batch the ordered stage is handed, and the threads that check signatures and apply (-1: one per core).</summary>
public sealed record AdmissionOptions(int Capacity = 16_384, int MaxBatch = 512, int SignatureThreads = -1);

/// <summary>
/// The sequencer's admission. Transactions enter a bounded intake in arrival order. A few worker threads (one per core)
/// each take the next run of waiting transactions (a chunk: a share of what waits, at most <see cref="MaxChunk"/>, so a
/// lone transaction waits for nobody), check its signatures, and then, if no other worker is doing so and the oldest
/// chunk is checked, become the ordered stage: they hand every checked chunk at the head, in arrival order, to
/// <see cref="AdmitInOrder"/> (nonce, fee and balance against the state, and the journal) and answer for each
/// transaction, while the other workers go on checking. A signature depends on the transaction alone and is the rules'
/// first check, so the stateful rules see the transactions in arrival order and decide exactly as if each had been
/// admitted alone: the blocks built from them are the same.
/// </summary>
/// <remarks>
/// Why the ordered stage has no thread of its own: with one more thread than cores, the ordered stage preempted a
/// checker, and a batch checked across cores waited for its slowest part (measured: two cores 86 % busy on a quiet
/// machine). Here as many threads run as there are cores, none waits for another while a chunk is left to check, and
/// the ordered work (about a seventh of a transfer's CPU) is done by whichever worker finished the oldest chunk. The
/// workers are threads of their own, so a caller that blocks on its answer (a synchronous RPC handler) cannot starve
/// them of thread-pool threads.
/// </remarks>
public sealed class AdmissionPipeline : IDisposable
{
    /// <summary>About 2 ms of signature checks: claiming a chunk costs little against it, and the last one finishes soon.</summary>
    public const int MaxChunk = 32;

    private sealed record Submission(OptimisticBatchItem Item, TaskCompletionSource<Hash256> Done);

    /// <summary>A run of consecutive submissions one worker checks; applied, in order, once it and every older one is checked.</summary>
    private sealed class Chunk(Submission[] submissions)
    {
        public Submission[] Submissions { get; } = submissions;
        public SignatureCheckedItem?[] Checked { get; } = new SignatureCheckedItem?[submissions.Length];
        public Exception? Failure { get; set; }
        public bool IsChecked { get; set; }
    }

    private readonly ulong _chainId, _rollupId;
    private readonly AdmitInOrder _admit;
    private readonly AdmissionOptions _options;
    private readonly int _chunkLimit;
    private readonly Channel<Submission> _intake;
    private readonly Thread[] _workers;
    // Guards the chunks in flight and the ordered stage's turn; Monitor, as workers wait on it for room.
    private readonly object _gate = new();
    private readonly Queue<Chunk> _inFlight = new(); // claimed, in arrival order
    private int _inFlightItems;
    private bool _ordering; // a worker is the ordered stage
    private int _disposed;

    public AdmissionPipeline(ulong chainId, ulong rollupId, AdmitInOrder admit, AdmissionOptions? options = null)
    {
        _chainId = chainId;
        _rollupId = rollupId;
        _admit = admit;
        _options = options ?? new AdmissionOptions();
        if (_options.Capacity < 1 || _options.MaxBatch < 1) throw new ArgumentException("admission capacity and batch must be positive", nameof(options));
        _chunkLimit = Math.Min(MaxChunk, _options.MaxBatch);
        // Synchronous continuations: what continues when a worker frees room for a waiting writer is only SubmitAsync
        // registering its wait for the answer, cheaper inline than as a thread-pool hop per transaction (the caller's
        // own code runs after the answer, which completes asynchronously).
        _intake = Channel.CreateBounded<Submission>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
        var threads = _options.SignatureThreads > 0 ? _options.SignatureThreads : Environment.ProcessorCount;
        _workers = [.. Enumerable.Range(0, threads).Select(w => new Thread(WorkLoop) { IsBackground = true, Name = $"l2-admission-{w}" })];
        foreach (var worker in _workers) worker.Start();
    }

    /// <summary>Transactions taken in but not yet answered.</summary>
    public int Waiting => _intake.Reader.Count + Volatile.Read(ref _inFlightItems);

    /// <summary>
    /// Queues a transaction; the task ends with its hash once the ordered stage admitted it, or with the refusal
    /// (<see cref="InvalidOptimisticTransactionException"/> for the rules', whatever the stage threw for its own).
    /// Waits while the intake is full.
    /// </summary>
    public Task<Hash256> SubmitAsync(OptimisticBatchItem item, CancellationToken cancellationToken = default)
    {
        var submission = new Submission(item, new TaskCompletionSource<Hash256>(TaskCreationOptions.RunContinuationsAsynchronously));
        // With room, the answer's own task is the caller's: no async frame and no continuation hop per transaction.
        // A full intake fails TryWrite, so a transaction never overtakes one waiting for room.
        return _intake.Writer.TryWrite(submission) ? submission.Done.Task : WaitForRoomAsync(submission, cancellationToken);
    }

    private async Task<Hash256> WaitForRoomAsync(Submission submission, CancellationToken cancellationToken)
    {
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

    private void WorkLoop()
    {
        while (Claim() is { } chunk)
        {
            try
            {
                for (var i = 0; i < chunk.Submissions.Length; i++)
                    chunk.Checked[i] = SignatureCheckedItem.TryCheck(chunk.Submissions[i].Item, _chainId, _rollupId);
            }
            catch (Exception e)
            {
                // Not a bad signature (that is a null result) but the check itself failing: the chunk is answered with it.
                chunk.Failure = e;
            }
            lock (_gate)
            {
                chunk.IsChecked = true;
                // Whoever completes the oldest chunk while nobody orders becomes the ordered stage, so a checked chunk
                // at the head never waits for a worker that is idle.
                if (_ordering || !_inFlight.Peek().IsChecked) continue;
                _ordering = true;
            }
            OrderReady();
        }
    }

    /// <summary>The next run of waiting transactions, registered in flight in arrival order; null once the intake is closed and empty.</summary>
    private Chunk? Claim()
    {
        var reader = _intake.Reader;
        while (true)
        {
            lock (_gate)
            {
                // Checked ahead of the ordered stage by at most the intake's capacity (a slow journal holds the workers back).
                while (_inFlightItems >= _options.Capacity) Monitor.Wait(_gate);
                var waiting = reader.Count;
                if (waiting > 0)
                {
                    // A share of what waits, so every worker gets some of a burst, and a chunk never holds more than one
                    // ordered call takes.
                    var size = Math.Min(Math.Min(_chunkLimit, _options.Capacity - _inFlightItems), (waiting + _workers.Length - 1) / _workers.Length);
                    var taken = new List<Submission>(size);
                    while (taken.Count < size && reader.TryRead(out var submission)) taken.Add(submission);
                    if (taken.Count > 0)
                    {
                        var chunk = new Chunk([.. taken]);
                        _inFlight.Enqueue(chunk);
                        _inFlightItems += taken.Count;
                        return chunk;
                    }
                }
            }
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return null;
        }
    }

    /// <summary>The ordered stage, on the worker whose turn it is: every checked chunk at the head, in order, until the head is not checked.</summary>
    private void OrderReady()
    {
        var ready = new List<Chunk>();
        while (true)
        {
            ready.Clear();
            var items = 0;
            lock (_gate)
            {
                while (_inFlight.TryPeek(out var head) && head.IsChecked && (ready.Count == 0 || items + head.Submissions.Length <= _options.MaxBatch))
                {
                    ready.Add(_inFlight.Dequeue());
                    items += head.Submissions.Length;
                }
                if (ready.Count == 0)
                {
                    _ordering = false;
                    return;
                }
            }
            Order(ready, items);
            lock (_gate)
            {
                _inFlightItems -= items;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Order(List<Chunk> chunks, int items)
    {
        var admitted = new List<SignatureCheckedItem>(items);
        var waiting = new List<TaskCompletionSource<Hash256>>(items);
        foreach (var chunk in chunks)
        {
            for (var i = 0; i < chunk.Submissions.Length; i++)
            {
                var submission = chunk.Submissions[i];
                if (chunk.Failure is { } failure) submission.Done.TrySetException(failure);
                else if (chunk.Checked[i] is { } item)
                {
                    admitted.Add(item);
                    waiting.Add(submission.Done);
                }
                else submission.Done.TrySetException(SignatureCheckedItem.BadSignatureFor(submission.Item.Kind));
            }
        }
        if (admitted.Count == 0) return;
        AdmissionResult[] results;
        try
        {
            results = _admit(admitted);
            if (results.Length != admitted.Count) throw new InvalidOperationException($"the ordered stage answered {results.Length} of {admitted.Count} transactions");
        }
        catch (Exception e)
        {
            // The stage itself failed (the journal could not be written): nothing of the batch is confirmed.
            foreach (var done in waiting) done.TrySetException(e);
            return;
        }
        for (var k = 0; k < results.Length; k++)
        {
            if (results[k].Error is { } error) waiting[k].TrySetException(error);
            else waiting[k].TrySetResult(results[k].Hash);
        }
    }

    /// <summary>Stops taking transactions, answers every one already taken, and waits for the workers to end.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _intake.Writer.TryComplete();
        // From inside the ordered stage (the callback runs on a worker) joining could wait on this very thread: the workers end by themselves.
        if (_workers.Contains(Thread.CurrentThread)) return;
        foreach (var worker in _workers) worker.Join();
    }
}
