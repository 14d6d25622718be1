using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>sequencer</c> role: accepts transactions (journaled before the soft confirmation), builds an L2 block every
/// <see cref="SequencerOptions.BlockIntervalMs"/>, posts channels through the batcher (journaled before the first
/// blob, reposted unchanged after a crash), and derives the safe and finalized heads from L1 like any verifier.
/// </summary>
public sealed class SequencerAgent : IL2Chain
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
    }

    public RollupConfig Config { get; }
    public ulong Posted => _posted;
    public int PendingCount { get { lock (_lock) return _core.PendingCount; } }

    public L2Heads Heads
    {
        get
        {
            var (safe, finalized, mismatches, l1) = _derivation.Read(p => (p.Safe, p.Finalized, p.Mismatches.ToArray(), p.NextL1Height - 1));
            lock (_lock) return new L2Heads(_core.Head, safe, finalized, mismatches, l1);
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
    public Hash256 Submit(OptimisticBatchItem item)
    {
        if (_options.Censored is { } censored && item.Sender.ToAddress() == censored)
            throw new SequencerRejectedException($"sender {censored} is censored by this sequencer (fault mode)");
        lock (_lock)
        {
            _core.Submit(item);
            var sequence = _nextSequence;
            _journal.Accept(sequence, item);
            return Track(sequence, item);
        }
    }

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
            return new L2TxLocation(_core.GetBlock(number)!.Transactions[index], number, index, number <= safe);
        }
    }

    public OptimisticWithdrawalProof? GetWithdrawalProof(Address sender, ulong nonce) => _derivation.Read(p => WithdrawalProofs.Prove(p, sender, nonce));
}
