using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>sequencer</c> role: accepts transactions through the <see cref="AdmissionPipeline"/> (signatures checked across
/// cores, then applied in arrival order and journaled, one synced write per admitted batch, before the soft
/// confirmation), builds an L2 block every
/// <see cref="SequencerOptions.BlockIntervalMs"/>, posts channels through the batcher (journaled before the first
/// blob, reposted unchanged after a crash), and derives the safe and finalized heads from L1 like any verifier.
/// </summary>
public sealed class SequencerAgent : IL2Chain, IDisposable
{
    private readonly Lock _lock = new();
    private readonly SequencerCore _core;
    private readonly SequencerJournal _journal;
    private readonly IBatchPoster _poster;
    private readonly TimeProvider _time;
    private readonly SequencerOptions _options;
    private readonly Batcher _batcher;
    private readonly DerivationDriver _derivation;
    private readonly L2TxIndex _index = new();
    private readonly AdmissionPipeline _admission;
    private readonly List<ulong> _pendingSequences = [];
    private readonly Dictionary<Hash256, OptimisticBatchItem> _pendingByHash = [];
    private ulong _nextSequence;
    private ulong _posted;
    private long _lastBlockAt = long.MinValue, _lastBatchAt = long.MinValue;

    public SequencerAgent(RollupConfig config, IRollupL1Source l1, IBatchPoster poster, SequencerJournal journal, TimeProvider time, SequencerOptions options)
    {
        Config = config;
        _journal = journal;
        _poster = poster;
        _time = time;
        _options = options;
        _core = new SequencerCore(config, new InMemorySmtNodeStore(), includeForcedEarly: options.Censored is null);
        _batcher = new Batcher(options.MaxBlobBytes);
        _derivation = new DerivationDriver(config, l1, onL1Block: block => { lock (_lock) _core.AddL1Block(block); });
        _admission = new AdmissionPipeline(config.ChainId, config.RollupId, AdmitInOrder, options.Admission);
    }

    public RollupConfig Config { get; }
    public string Role => "sequencer";
    public bool WaitingForData => _derivation.WaitingForData;
    public ulong Posted => _posted;
    public int PendingCount { get { lock (_lock) return _core.PendingCount; } }

    public L2Heads Heads
    {
        get
        {
            var (safe, finalized, mismatches, l1, window) = _derivation.Read(p => (p.Safe, p.Finalized, p.Mismatches.ToArray(), p.NextL1Height - 1, p.ForcedWindow));
            lock (_lock) return new L2Heads(_core.Head, safe, finalized, mismatches, l1) { ForcedInclusionWindow = window };
        }
    }

    /// <summary>Catches up with L1, then rebuilds the unsafe chain and the accepted transactions from the journal.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _derivation.SyncAsync(cancellationToken);
        lock (_lock)
        {
            foreach (var block in _journal.Blocks())
            {
                _core.Restore(block);
                _index.Add(block);
            }
            foreach (var (sequence, item) in _journal.PendingTransactions())
            {
                _core.Submit(item);
                Track(sequence, item);
            }
            _posted = _journal.Posted;
        }
    }

    /// <summary>Admits a transaction and journals it; returns its hash once it is durable (the soft confirmation).</summary>
    public Hash256 Submit(OptimisticBatchItem item) => SubmitAsync(item).GetAwaiter().GetResult();

    /// <summary>
    /// Queues a transaction for admission; the task ends with its hash once it is applied and durable (the soft
    /// confirmation), or with the refusal (<see cref="InvalidOptimisticTransactionException"/>, <see cref="SequencerRejectedException"/>).
    /// </summary>
    public Task<Hash256> SubmitAsync(OptimisticBatchItem item, CancellationToken cancellationToken = default)
    {
        if (_options.Censored is { } censored && item.Sender.ToAddress() == censored)
            return Task.FromException<Hash256>(new SequencerRejectedException($"sender {censored} is censored by this sequencer (fault mode)"));
        return _admission.SubmitAsync(item, cancellationToken);
    }

    /// <summary>
    /// The pipeline's ordered stage: applies the batch in order on the pending state, journals what applied with one
    /// synced write, and only then tracks it (a transaction is confirmed only once it is durable).
    /// </summary>
    private AdmissionResult[] AdmitInOrder(IReadOnlyList<SignatureCheckedItem> items)
    {
        var results = new AdmissionResult[items.Count];
        var accepted = new List<(ulong Sequence, OptimisticBatchItem Item)>(items.Count);
        var positions = new List<int>(items.Count);
        lock (_lock)
        {
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    _core.Submit(items[i]);
                    accepted.Add((_nextSequence + (ulong)accepted.Count, items[i].Item));
                    positions.Add(i);
                }
                catch (InvalidOptimisticTransactionException e)
                {
                    results[i] = new AdmissionResult(default, e);
                }
                catch (InvalidOperationException e)
                {
                    results[i] = new AdmissionResult(default, new SequencerRejectedException(e.Message));
                }
            }
            _journal.Accept(accepted);
            for (var k = 0; k < accepted.Count; k++) results[positions[k]] = new AdmissionResult(Track(accepted[k].Sequence, accepted[k].Item), null);
        }
        return results;
    }

    /// <summary>Stops admission (answering what was already taken in).</summary>
    public void Dispose() => _admission.Dispose();

    private Hash256 Track(ulong sequence, OptimisticBatchItem item)
    {
        _nextSequence = Math.Max(_nextSequence, sequence + 1);
        _pendingSequences.Add(sequence);
        var hash = L2Transaction.FromSequenced(item).Hash;
        _pendingByHash[hash] = item;
        return hash;
    }

    /// <summary>One round: follow L1, build a block when due, post a channel when due.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _derivation.SyncAsync(cancellationToken);
        FollowDerivation();
        var now = _time.GetTimestamp();
        if (_lastBlockAt == long.MinValue || _time.GetElapsedTime(_lastBlockAt, now).TotalMilliseconds >= _options.BlockIntervalMs)
        {
            BuildBlock();
            _lastBlockAt = now;
        }
        if (!_options.WithholdBatches && (_lastBatchAt == long.MinValue || _time.GetElapsedTime(_lastBatchAt, now).TotalMilliseconds >= _options.BatchIntervalMs))
        {
            await PostAsync(cancellationToken);
            _lastBatchAt = now;
        }
    }

    /// <summary>The last failure of a round (L1 unreachable, a post refused), for health and l2_head; null once a round succeeds.</summary>
    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunRoundsAsync(cancellationToken);
        }
        finally
        {
            Dispose();
        }
    }

    private async Task RunRoundsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken);
                LastError = null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A round that fails (L1 down, a post refused) is retried; what was accepted is in the journal.
                LastError = e.Message;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(5, _options.BlockIntervalMs / 2)), _time, cancellationToken);
        }
    }

    /// <summary>Builds the next block now (when L1 allows one) and journals it with the settled transactions.</summary>
    public L2BlockResult? BuildBlock()
    {
        lock (_lock)
        {
            var result = _core.BuildBlock((ulong)_time.GetUtcNow().ToUnixTimeMilliseconds());
            if (result is null) return null;
            _journal.BlockBuilt(result.Block, _pendingSequences);
            _pendingSequences.Clear();
            _pendingByHash.Clear();
            _index.Add(result.Block);
            return result;
        }
    }

    /// <summary>Posts every block not yet posted: a channel journaled earlier for the same start is reposted as it was.</summary>
    public async Task PostAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<byte[]> blobs;
            ulong last;
            lock (_lock)
            {
                var first = _posted + 1;
                if (_journal.PreparedChannel(first) is { } prepared)
                {
                    last = prepared.LastBlock;
                    blobs = OptimisticChannelFrame.Split(prepared.Channel, _options.MaxBlobBytes);
                }
                else if (_batcher.Prepare(_core.GetBlock, _posted, _core.Head.Number) is { } channel)
                {
                    _journal.ChannelPrepared(channel);
                    last = channel.LastBlock;
                    blobs = channel.Blobs;
                }
                else return;
            }
            await _poster.PostAsync(blobs, cancellationToken);
            lock (_lock)
            {
                _journal.ChannelPosted(last);
                _posted = last;
            }
        }
    }

    /// <summary>Blocks of derivation that differ from (or run past) the unsafe chain, since the last check.</summary>
    private ulong _agreedThrough;

    /// <summary>
    /// When derivation disagrees with the unsafe chain (a batch missed its window and derivation built or took other
    /// blocks), derivation wins, as in OP Stack: the unsafe chain is reset onto the safe one, its transactions that
    /// still apply are accepted again, and channels prepared for the replaced blocks are never posted.
    /// </summary>
    private void FollowDerivation()
    {
        var safe = _derivation.Read(p => p.Safe.Number);
        if (safe <= _agreedThrough) return;
        var derived = _derivation.Read(p =>
        {
            var list = new List<L2Block>();
            for (var n = _agreedThrough + 1; n <= safe; n++) list.Add(p.GetBlock(n)!);
            return list;
        });
        lock (_lock)
        {
            var head = _core.Head.Number;
            var diverged = derived.FindIndex(b => b.Header.Number > head || _core.GetBlock(b.Header.Number)!.Hash != b.Hash);
            if (diverged < 0)
            {
                _agreedThrough = safe;
                return;
            }
            var replaced = derived.GetRange(diverged, derived.Count - diverged);
            var from = replaced[0].Header.Number;
            var dropped = new List<OptimisticBatchItem>();
            for (var n = from; n <= head; n++)
            {
                foreach (var tx in _core.GetBlock(n)!.Transactions)
                {
                    if (tx.Kind == L2TxKind.Sequenced) dropped.Add(tx.Item);
                }
            }
            _core.ResetTo(replaced);
            _journal.Reorg(from, head, replaced, safe);
            _posted = safe;
            foreach (var block in replaced) _index.Add(block);
            foreach (var item in dropped)
            {
                try
                {
                    _core.Submit(item);
                    var sequence = _nextSequence;
                    _journal.Accept(sequence, item);
                    Track(sequence, item);
                }
                catch (InvalidOptimisticTransactionException)
                {
                    // Spent or made invalid by the derived blocks: it is gone, as on any reorg.
                }
            }
            _agreedThrough = safe;
        }
    }

    public L2Block? GetBlock(ulong number)
    {
        lock (_lock) return _core.GetBlock(number);
    }

    public OptimisticAccount GetAccount(Address address)
    {
        lock (_lock) return _core.PendingAccount(address);
    }

    public L2TxLocation? GetTransaction(Hash256 hash)
    {
        var safe = _derivation.Read(p => p.Safe.Number);
        lock (_lock)
        {
            if (_pendingByHash.TryGetValue(hash, out var item)) return new L2TxLocation(L2Transaction.FromSequenced(item), null, null, false);
            if (!_index.TryFind(hash, out var number, out var index)) return null;
            // After a reorg the index may point into a block that no longer holds the transaction.
            var block = _core.GetBlock(number);
            if (block is null || index >= block.Transactions.Count || block.Transactions[index].Hash != hash) return null;
            return new L2TxLocation(block.Transactions[index], number, index, number <= safe);
        }
    }

    public OptimisticWithdrawalProof? GetWithdrawalProof(Address sender, ulong nonce) => _derivation.Read(p => WithdrawalProofs.Prove(p, sender, nonce));
}
