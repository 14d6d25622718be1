using Lamina.Core;
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
/// <remarks>
/// Admission's ordered stage takes <c>_lock</c> for every batch, so nothing slow runs under it: blocks are built under
/// it but journaled after it (and shown only once journaled), channels are compressed and journaled outside it, and
/// derivation runs in a loop of its own whose results readers take from a snapshot. Blocks, posts and derivation each
/// have their own loop (<see cref="RunAsync"/>), so a post waiting for L1 or a long derivation round never holds up the
/// next block. The chain changes outside the lock are serialised by two gates: <c>_building</c> (a block until it is
/// journaled) and the posting's (a channel until it is posted, <see cref="ChannelPosting"/>); a reset onto derivation takes both.
/// </remarks>
public sealed partial class SequencerAgent : IL2Chain, IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly SequencerCore _core;
    private readonly SequencerJournal _journal;
    private readonly TimeProvider _time;
    private readonly SequencerOptions _options;
    private readonly ChannelPosting _posting;
    private readonly DerivationDriver _derivation;
    private readonly L2TxIndex _index = new();
    private readonly AdmissionPipeline _admission;
    private readonly VerifiedSignatures _verified = new();
    private readonly List<ulong> _pendingSequences = [];
    private readonly List<Hash256> _pendingHashes = [];
    private readonly Dictionary<Hash256, OptimisticBatchItem> _pendingByHash = [];
    private ulong _nextSequence;
    private long _lastBlockAt = long.MinValue, _lastBatchAt = long.MinValue;
    // The newest block journaled: what the unsafe head shows (a block built but not yet durable is not shown).
    private L2BlockHeader _published = RollupConfig.GenesisHeader;
    private DerivedHeads _derived = DerivedHeads.Genesis;

    public SequencerAgent(RollupConfig config, IRollupL1Source l1, IBatchPoster poster, SequencerJournal journal, TimeProvider time, SequencerOptions options)
    {
        Config = config;
        _journal = journal;
        _time = time;
        _options = options;
        _core = new SequencerCore(config, new PrunableSmtNodeStore(), includeForcedEarly: options.Censored is null);
        _posting = new ChannelPosting(journal, poster, options.MaxBlobBytes);
        // Its own derivation re-derives what it posted: the signatures admission checked are not checked again.
        _derivation = new DerivationDriver(config, l1, onL1Block: block => { lock (_lock) _core.AddL1Block(block); }, verified: _verified);
        _admission = new AdmissionPipeline(config.ChainId, config.RollupId, AdmitInOrder, options.Admission);
    }

    public RollupConfig Config { get; }
    public string Role => "sequencer";
    public bool WaitingForData => _derivation.WaitingForData;
    public ulong Posted => _posting.Posted;
    public int PendingCount { get { lock (_lock) return _core.PendingCount; } }

    /// <summary>
    /// The heads, without waiting: the unsafe head is the newest journaled block, the others are derivation's as of its
    /// last round (a round can take a second under load, and l2_sendTransaction answers with the unsafe head).
    /// </summary>
    public L2Heads Heads
    {
        get
        {
            var derived = Volatile.Read(ref _derived);
            lock (_lock)
            {
                return new L2Heads(_published, derived.Safe, derived.Finalized, derived.Mismatches, derived.L1Height)
                {
                    ForcedInclusionWindow = derived.ForcedWindow,
                };
            }
        }
    }

    /// <summary>Follows L1 and takes a snapshot of derivation's heads for readers.</summary>
    private async Task SyncDerivationAsync(CancellationToken cancellationToken)
    {
        await _derivation.SyncAsync(cancellationToken);
        var derived = _derivation.Read(DerivedHeads.Of);
        Volatile.Write(ref _derived, derived);
    }

    /// <summary>
    /// Catches up with L1, then rebuilds the unsafe chain and the accepted transactions from the journal. A journaled
    /// transaction that no longer applies (L1's fee rose meanwhile, or one before it was dropped) is dropped, in
    /// journal order, and forgotten by the journal, never a reason not to start: <see cref="DroppedAtStart"/> says which and why.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncDerivationAsync(cancellationToken);
        lock (_lock)
        {
            foreach (var block in _journal.Blocks())
            {
                _core.Restore(block);
                _index.Add(block);
            }
            DroppedAtStart = PendingReadmission.Run(_core, _journal, (sequence, item) => Track(sequence, item));
            _posting.Restore();
            _published = _core.Head;
        }
    }

    /// <summary>The journaled transactions the last <see cref="StartAsync"/> dropped because they no longer applied, in journal order.</summary>
    public IReadOnlyList<DroppedPendingTransaction> DroppedAtStart { get; private set; } = [];

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
                    _verified.Add(items[i]);
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
        _pendingHashes.Add(hash);
        _pendingByHash[hash] = item;
        return hash;
    }

    /// <summary>One round of all three loops in turn (tests drive the agent with it): follow L1, build a block when due, post a channel when due.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await SyncDerivationAsync(cancellationToken);
        await FollowDerivationAsync(cancellationToken);
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

    private RoundLoop[] _loops = [];

    /// <summary>The last failure of a loop (L1 unreachable, a post refused), for health and l2_head; null once every loop's last round succeeded.</summary>
    public string? LastError
    {
        get
        {
            foreach (var loop in _loops)
            {
                if (loop.LastError is { } error) return error;
            }
            return null;
        }
    }

    /// <summary>
    /// Runs the role: derivation (and following it), blocks and posts each in a loop of its own, so none waits for
    /// another (a post waits for L1 finality; a derivation round re-executes a whole channel).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var follow = new RoundLoop(_time, Math.Max(5, _options.BlockIntervalMs / 2), async ct =>
        {
            await SyncDerivationAsync(ct);
            await FollowDerivationAsync(ct);
        });
        var blocks = new RoundLoop(_time, _options.BlockIntervalMs, _ =>
        {
            BuildBlock();
            return Task.CompletedTask;
        });
        var posts = new RoundLoop(_time, _options.BatchIntervalMs, PostAsync);
        _loops = _options.WithholdBatches ? [follow, blocks] : [follow, blocks, posts];
        try
        {
            await Task.WhenAll(_loops.Select(loop => loop.RunAsync(cancellationToken)));
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>
    /// Builds the next block now (when L1 allows one) and journals it with the settled transactions. The block is built
    /// under the lock but journaled after it, so admission goes on during the synced write; it is shown (heads, blocks,
    /// the transaction index) only once durable, because a restart rebuilds only journaled blocks.
    /// </summary>
    public L2BlockResult? BuildBlock()
    {
        _building.Wait();
        try
        {
            L2BlockResult? result;
            ulong[] settled;
            Hash256[] settledHashes;
            lock (_lock)
            {
                result = _core.BuildBlock((ulong)_time.GetUtcNow().ToUnixTimeMilliseconds());
                if (result is null) return null;
                settled = [.. _pendingSequences];
                settledHashes = [.. _pendingHashes];
                _pendingSequences.Clear();
                _pendingHashes.Clear();
            }
            _journal.BlockBuilt(result.Block, settled);
            lock (_lock)
            {
                foreach (var hash in settledHashes) _pendingByHash.Remove(hash);
                _index.Add(result.Block);
                _published = result.Block.Header;
            }
            return result;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Posts every journaled block not yet posted: a channel journaled earlier for the same start is reposted as it was.</summary>
    public Task PostAsync(CancellationToken cancellationToken) => _posting.PostAsync(GetBlock, () => Heads.Unsafe.Number, cancellationToken);

    /// <summary>Blocks of derivation that differ from (or run past) the unsafe chain, since the last check.</summary>
    private ulong _agreedThrough;

    /// <summary>
    /// When derivation disagrees with the unsafe chain (a batch missed its window and derivation built or took other
    /// blocks), derivation wins, as in OP Stack: the unsafe chain is reset onto the safe one, its transactions that
    /// still apply are accepted again, and channels prepared for the replaced blocks are never posted.
    /// </summary>
    private async Task FollowDerivationAsync(CancellationToken cancellationToken)
    {
        var safe = Volatile.Read(ref _derived).Safe.Number;
        if (safe <= _agreedThrough) return;
        var derived = _derivation.Read(p =>
        {
            var list = new List<L2Block>();
            for (var n = _agreedThrough + 1; n <= safe; n++) list.Add(p.GetBlock(n)!);
            return list;
        });
        if (!AgreesWith(derived))
        {
            // A reset: after the post in flight and the block being journaled, with both held.
            using var posting = await _posting.HoldAsync(cancellationToken);
            await _building.WaitAsync(cancellationToken);
            try
            {
                ResetOnto(derived);
            }
            finally
            {
                _building.Release();
            }
        }
        _agreedThrough = safe;
        lock (_lock) _core.KeepStatesFrom = safe;
    }

    /// <summary>Whether every derived block is the published unsafe block of the same number.</summary>
    private bool AgreesWith(List<L2Block> derived)
    {
        lock (_lock) return derived.TrueForAll(b => b.Header.Number <= _published.Number && _core.GetBlock(b.Header.Number)!.Hash == b.Hash);
    }

    private void ResetOnto(List<L2Block> derived)
    {
        lock (_lock)
        {
            var head = _core.Head.Number;
            var diverged = derived.FindIndex(b => b.Header.Number > head || _core.GetBlock(b.Header.Number)!.Hash != b.Hash);
            if (diverged < 0) return;
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
            var safe = derived[^1].Header.Number;
            _journal.Reorg(from, head, replaced, safe);
            _posting.ResetTo(safe);
            _published = _core.Head;
            foreach (var block in replaced) _index.Add(block);
            // Pending transactions the reset made invalid are no longer pending (their journal entries go with the next block).
            var stillPending = new HashSet<Hash256>();
            foreach (var item in _core.Pending) stillPending.Add(L2Transaction.FromSequenced(item).Hash);
            foreach (var hash in _pendingHashes)
            {
                if (!stillPending.Contains(hash)) _pendingByHash.Remove(hash);
            }
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
        }
    }

    /// <summary>A journaled block of the unsafe chain (null past the published head).</summary>
    public L2Block? GetBlock(ulong number)
    {
        lock (_lock) return number <= _published.Number ? _core.GetBlock(number) : null;
    }

    public OptimisticAccount GetAccount(Address address)
    {
        lock (_lock) return _core.PendingAccount(address);
    }

    public L2TxLocation? GetTransaction(Hash256 hash)
    {
        var safe = Volatile.Read(ref _derived).Safe.Number;
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
