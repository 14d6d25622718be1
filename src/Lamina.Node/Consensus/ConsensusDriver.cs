using System.Diagnostics;
using System.Threading.Channels;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Transactions;
using Lamina.Network;

namespace Lamina.Node.Consensus;

/// <summary>
/// Wires the pure Tendermint state machine to the world: peers (votes, proposals with their blocks, transactions,
/// evidence, block sync), timers (through <see cref="TimeProvider"/>), the chain (build, validate, commit) and the
/// durable signer and WAL. All consensus work runs on one loop thread, in the order events arrive.
/// </summary>
public sealed class ConsensusDriver : BackgroundService
{
    private readonly Blockchain _chain;
    private readonly P2PNode _net;
    private readonly SigningKey? _key;
    private readonly NodeConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsensusDriver> _logger;
    private readonly Func<(DurableConsensus Consensus, IReadOnlyList<ConsensusEffect> Effects)> _recover;
    private readonly Channel<Action> _events = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Lamina.Core.Hash256, Block> _blocks = new();
    private readonly EvidencePool _evidence = new();
    private DurableConsensus? _consensus;
    private Commit? _lastCommit;
    private readonly List<(byte Channel, byte[] Payload, ulong Height)> _sentThisHeight = new();
    private ulong _heightAtLastTick;
    private readonly Channel<(PeerId From, byte[] Payload)> _txInbox =
        Channel.CreateBounded<(PeerId, byte[])>(new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _droppedGossipTxs;
    private int _syncRunning;
    private long _lastSyncRequestTicks;

    public ConsensusDriver(Blockchain chain, P2PNode net, SigningKey? key, NodeConfig config, TimeProvider time,
        ILogger<ConsensusDriver> logger, Func<(DurableConsensus Consensus, IReadOnlyList<ConsensusEffect> Effects)> recover)
    {
        _chain = chain;
        _net = net;
        _key = key;
        _config = config;
        _time = time;
        _logger = logger;
        _recover = recover;
        net.RegisterHandler(ChannelIds.Votes, (from, payload) => Post(() => OnVote(from, payload)));
        net.RegisterHandler(ChannelIds.BlockParts, (from, payload) => Post(() => OnProposal(from, payload)));
        net.RegisterHandler(ChannelIds.Transactions, (from, payload) =>
        {
            // Gossiped transactions are admitted by their own worker: each peer's messages arrive in order, and a
            // flood of transactions checked inline would queue that peer's votes behind them and stall consensus.
            if (!_txInbox.Writer.TryWrite((from, payload.ToArray()))) Interlocked.Increment(ref _droppedGossipTxs);
            return ValueTask.CompletedTask;
        });
        net.RegisterHandler(ChannelIds.Evidence, (from, payload) => Post(() => OnEvidence(from, payload)));
        net.RegisterRequestHandler(ChannelIds.BlockSync, ServeSync);
        chain.TransactionAdmitted += tx => _net.Broadcast(ChannelIds.Transactions, tx.Encoded);
        // A peer that (re)connects missed whatever we broadcast while it was away: hand it our messages of this height.
        net.PeerConnected += peer => _ = Post(() => Resend(peer.Id));
    }

    public EvidencePool Evidence => _evidence;
    public ulong ConsensusHeight => _consensus?.Machine.Height ?? 0;
    public uint ConsensusRound => _consensus?.Machine.Round ?? 0;

    private ValueTask Post(Action action)
    {
        _events.Writer.TryWrite(action);
        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _net.StartAsync(stoppingToken);
        var (consensus, replayed) = _recover();
        _consensus = consensus;
        _ = Post(() => Process(replayed));
        _lastCommit = _chain.Height == 0 ? null : _chain.Store.GetCommit(_chain.Height);
        _logger.LogInformation("Consensus starting at height {Height} as {Role}; p2p {Endpoint} ({Id})",
            _chain.Height + 1, _key is null ? "observer" : _key.Address.ToString(), _net.LocalEndPoint, _net.Id);
        _ = Post(StartNextHeightIfNeeded);
        _ = SyncLoopAsync(stoppingToken);
        _ = Task.Run(() => AdmitGossipedTransactionsAsync(stoppingToken), stoppingToken);
        try
        {
            await foreach (var action in _events.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    action();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad event (a peer's block that trips a bug, a refused double-sign) must not stop consensus.
                    _logger.LogError(e, "Consensus event failed at height {Height}", ConsensusHeight);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await _net.StopAsync();
        }
    }

    private void Feed(ConsensusInput input)
    {
        if (_consensus is null) return;
        Process(_consensus.Handle(input));
    }

    private void Process(IReadOnlyList<ConsensusEffect> effects)
    {
        foreach (var effect in effects)
        {
            if (_logger.IsEnabled(LogLevel.Trace)) _logger.LogTrace("effect {Effect}", effect);
            switch (effect)
            {
                case Broadcast { Message: Vote vote }:
                    Send(ChannelIds.Votes, Canonical.Encode(vote), vote.Height);
                    break;
                case Broadcast { Message: Proposal proposal }:
                    if (_blocks.TryGetValue(proposal.BlockId, out var block))
                    {
                        var (header, parts) = BlockParts.Split(proposal, Canonical.Encode(block));
                        Send(ChannelIds.BlockParts, Canonical.Encode(new ProposalHeaderMessage(proposal, header)), proposal.Height);
                        foreach (var part in parts) Send(ChannelIds.BlockParts, Canonical.Encode(part), proposal.Height);
                    }
                    break;
                case ScheduleTimeout t:
                    _ = FireLater(t.Duration, () => Feed(new TimeoutElapsed(t.Height, t.Round, t.Step)));
                    break;
                case RequestProposal r:
                    Propose(r.Height, r.Round);
                    break;
                case Decide d:
                    OnDecide(d.Height, d.Commit);
                    break;
                case EvidenceDetected ev:
                    if (_evidence.Add(ev.Evidence))
                    {
                        _logger.LogWarning("Double signing by {Validator} at height {Height}; evidence queued for a block", ev.Evidence.Validator, ev.Evidence.Height);
                        _net.Broadcast(ChannelIds.Evidence, Canonical.Encode(ev.Evidence));
                    }
                    break;
            }
        }
    }

    private void Send(byte channel, byte[] payload, ulong height)
    {
        _net.Broadcast(channel, payload);
        _sentThisHeight.RemoveAll(m => m.Height < height);
        if (_sentThisHeight.Count < 512) _sentThisHeight.Add((channel, payload, height));
    }

    /// <summary>
    /// Messages are broadcast once; a peer that was down or partitioned never saw them, and without them a height
    /// can wait forever (no timeout fires until 2/3 of votes arrive). So they are handed to reconnecting peers and
    /// re-broadcast while the height is not advancing, as CometBFT's gossip routines keep sending peers what they lack.
    /// </summary>
    private void Resend(PeerId? peer)
    {
        foreach (var (channel, payload, height) in _sentThisHeight)
        {
            if (height <= _chain.Height) continue;
            if (peer is { } p) _net.Send(p, channel, payload);
            else _net.Broadcast(channel, payload);
        }
    }

    private async Task FireLater(TimeSpan delay, Action action)
    {
        try
        {
            await Task.Delay(delay, _time);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await Post(action);
    }

    private void StartNextHeightIfNeeded()
    {
        if (_consensus is null) return;
        var next = _chain.Height + 1;
        if (_consensus.Machine.Validators is not null && _consensus.Machine.Height >= next) return;
        Feed(new StartHeight(next, _chain.ValidatorSetFor(next)));
    }

    private void Propose(ulong height, uint round)
    {
        if (_key is null || height != _chain.Height + 1) return;
        var lastCommit = _lastCommit is { } c && c.Height == _chain.Height ? c : _chain.Height == 0 ? null : _chain.Store.GetCommit(_chain.Height);
        _evidence.RemoveExpired(height, _chain.Genesis.Staking.EvidenceMaxAgeBlocks);
        var prepared = _chain.BuildBlock(_key.Address, lastCommit, _evidence.Pending());
        _blocks[prepared.Block.Hash] = prepared.Block;
        Feed(new ProposeValue(height, round, prepared.Block.Hash));
    }

    private void OnDecide(ulong height, Commit commit)
    {
        if (height <= _chain.Height) return; // a replayed decision, already on disk
        if (!_blocks.TryGetValue(commit.BlockHash, out var block))
        {
            _logger.LogWarning("Height {Height} was decided but this node never received the block; syncing it", height);
            _lastCommit = commit;
            RequestSyncSoon(force: true);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        _chain.CommitDecided(block, commit);
        _lastCommit = commit;
        _evidence.Remove(block.Evidence);
        _blocks.Clear();
        _assemblies.Clear();
        _earlyParts.Clear();
        _logger.LogDebug("Committed {Height} ({Txs} txs) in {Ms:F1} ms", height, block.Transactions.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        // Wait a little before the next height (CometBFT's timeout_commit) so blocks gather transactions
        // and late precommits reach the next proposer's last commit.
        _ = FireLater(TimeSpan.FromMilliseconds(_config.BlockIntervalMs), StartNextHeightIfNeeded);
    }

    private readonly HashSet<Lamina.Core.Hash256> _seenVotes = new();
    private ulong _seenVotesHeight;

    private void OnVote(PeerId from, ReadOnlyMemory<byte> payload)
    {
        Vote vote;
        try
        {
            vote = Canonical.Decode<Vote>(payload.Span);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
            return;
        }
        if (_consensus is null || !IsUsefulVote(from, vote, payload.Span)) return;
        Feed(new VoteReceived(vote));
    }

    /// <summary>
    /// Filters votes before they reach the WAL and the machine: stale, far-future, duplicate, non-member and badly
    /// signed votes are dropped here, so a peer flooding junk costs this node a hash and a lookup per message rather
    /// than a log write, and cannot stall the height.
    /// </summary>
    private bool IsUsefulVote(PeerId from, Vote vote, ReadOnlySpan<byte> encoded)
    {
        var machine = _consensus!.Machine;
        var height = machine.Height;
        if (vote.Height > height + 1)
        {
            RequestSyncSoon(force: false);
            return false;
        }
        if (_seenVotesHeight != height)
        {
            _seenVotes.Clear();
            _junkVotes.Clear();
            _seenVotesHeight = height;
        }
        if (vote.Height + 1 < height || (vote.Height + 1 == height && vote.Type != VoteType.Precommit))
        {
            CountJunk(from);
            return false;
        }
        if (_seenVotes.Count > 100_000) _seenVotes.Clear();
        if (!_seenVotes.Add(Lamina.Core.Crypto.DomainHasher.Hash(VoteDigestTag, encoded)))
        {
            CountJunk(from);
            return false;
        }
        var validators = machine.Validators;
        if (validators is null) return true;
        var member = validators.Find(vote.Validator);
        if (member is null)
        {
            // At this height the set is known exactly: a vote from outside it is invalid. Next-height sets may differ.
            if (vote.Height == height) _net.ReportMisbehavior(from, Misbehavior.Invalid, $"vote from non-validator {vote.Validator}");
            return false;
        }
        if (vote.Height == height && !vote.VerifySignature(_chain.ChainId, member.PublicKey))
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, $"vote with a bad signature for {vote.Validator}");
            return false;
        }
        return true;
    }

    private static readonly Lamina.Core.Crypto.DomainTag VoteDigestTag = new("lamina/node/seen-vote");
    private readonly Dictionary<PeerId, int> _junkVotes = new();

    /// <summary>
    /// Repeats and stale votes are normal in small numbers (re-gossip while a height stalls, a lagging peer); past a
    /// generous allowance per height they are spam, and the peer is scored until it is banned.
    /// </summary>
    private void CountJunk(PeerId from)
    {
        var count = _junkVotes.GetValueOrDefault(from) + 1;
        _junkVotes[from] = count;
        if (count > 5_000) _net.ReportMisbehavior(from, Misbehavior.Spam, "repeated or stale votes");
    }

    private readonly Dictionary<(Lamina.Core.Hash256 BlockId, Lamina.Core.Hash256 Root), PartSetAssembly> _assemblies = new();
    private readonly List<(PeerId From, BlockPartMessage Part)> _earlyParts = new();

    private void OnProposal(PeerId from, ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, "empty block-parts message");
            return;
        }
        try
        {
            if (payload.Span[0] == (byte)BlockPartsKind.ProposalHeader) OnProposalHeader(from, Canonical.Decode<ProposalHeaderMessage>(payload.Span));
            else OnBlockPart(from, Canonical.Decode<BlockPartMessage>(payload.Span));
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
        }
    }

    private void OnProposalHeader(PeerId from, ProposalHeaderMessage message)
    {
        var proposal = message.Proposal;
        if (proposal.Height <= _chain.Height) return;
        if (proposal.Height > _chain.Height + 1)
        {
            RequestSyncSoon(force: false);
            return;
        }
        if (_blocks.ContainsKey(proposal.BlockId))
        {
            // The block is already here (our own, or assembled earlier): only the signed proposal is news.
            Feed(new ProposalReceived(proposal, IsValidProposal(_blocks[proposal.BlockId], proposal.PolRound)));
            return;
        }
        var key = (proposal.BlockId, message.Parts.Root);
        if (_assemblies.ContainsKey(key) || _assemblies.Count >= 32) return;
        _assemblies[key] = new PartSetAssembly(proposal, message.Parts);
        foreach (var (early, part) in _earlyParts.ToArray())
        {
            if (part.BlockId != proposal.BlockId) continue;
            _earlyParts.Remove((early, part));
            OnBlockPart(early, part);
        }
    }

    private void OnBlockPart(PeerId from, BlockPartMessage part)
    {
        if (part.Height != _chain.Height + 1 || _blocks.ContainsKey(part.BlockId)) return;
        var matched = false;
        foreach (var (key, assembly) in _assemblies.ToArray())
        {
            if (key.BlockId != part.BlockId) continue;
            matched = true;
            try
            {
                if (!assembly.Add(part) || !assembly.IsComplete) continue;
            }
            catch (Lamina.Core.Merkle.InvalidMerkleProofException e)
            {
                _net.ReportMisbehavior(from, Misbehavior.Invalid, $"block part: {e.Message}");
                continue;
            }
            _assemblies.Remove(key);
            Block block;
            try
            {
                block = Canonical.Decode<Block>(assembly.Assemble());
            }
            catch (CodecException e)
            {
                _net.ReportMisbehavior(from, Misbehavior.Invalid, $"assembled block does not decode: {e.Message}");
                continue;
            }
            var proposal = assembly.Proposal;
            if (block.Hash != proposal.BlockId || block.Height != proposal.Height)
            {
                _net.ReportMisbehavior(from, Misbehavior.Invalid, "assembled block is not the proposed one");
                continue;
            }
            _blocks[block.Hash] = block;
            Feed(new ProposalReceived(proposal, IsValidProposal(block, proposal.PolRound)));
            return;
        }
        if (!matched && _earlyParts.Count < 256) _earlyParts.Add((from, part));
    }

    /// <summary>Whether to prevote the block: timely by <see cref="ProposalTimeliness"/>, and valid on the chain.</summary>
    private bool IsValidProposal(Block block, long polRound)
    {
        if (ProposalTimeliness.Check(block.Header.TimeMs, _time.GetUtcNow().ToUnixTimeMilliseconds(), polRound) is { } untimely)
        {
            _logger.LogWarning("Proposal {Height} is {Reason}; prevoting nil", block.Height, untimely);
            return false;
        }
        try
        {
            _chain.ValidateProposal(block);
            return true;
        }
        catch (InvalidBlockException e)
        {
            _logger.LogWarning("Invalid proposal at height {Height}: {Reason}", block.Height, e.Message);
            return false;
        }
    }

    /// <summary>Gossiped transactions dropped because the admission queue was full (best-effort, like any gossip).</summary>
    public long DroppedGossipTransactions => Interlocked.Read(ref _droppedGossipTxs);

    private async Task AdmitGossipedTransactionsAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var (from, payload) in _txInbox.Reader.ReadAllAsync(cancellation)) OnTransaction(from, payload);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnTransaction(PeerId from, ReadOnlyMemory<byte> payload)
    {
        try
        {
            _chain.SubmitTransaction(Transaction.FromBytes(payload.Span));
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
        }
        catch (TransactionRejectedException e) when (e.Reason == TxRejectReason.BadSignature)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, e.Message);
        }
        catch (TransactionRejectedException)
        {
            // Known, stale or unaffordable here: normal in gossip, not misbehaviour.
        }
    }

    private void OnEvidence(PeerId from, ReadOnlyMemory<byte> payload)
    {
        DuplicateVoteEvidence evidence;
        try
        {
            evidence = Canonical.Decode<DuplicateVoteEvidence>(payload.Span);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
            return;
        }
        if (evidence.Height == 0 || evidence.Height > _chain.Height + 1) return;
        try
        {
            evidence.Verify(_chain.ChainId, _chain.ValidatorSetFor(evidence.Height));
        }
        catch (InvalidEvidenceException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, e.Message);
            return;
        }
        if (_evidence.Add(evidence)) _net.Broadcast(ChannelIds.Evidence, payload.Span, except: from);
    }

    private ValueTask<byte[]> ServeSync(PeerId from, ReadOnlyMemory<byte> payload, CancellationToken cancellation)
    {
        var request = Canonical.Decode<SyncRequest>(payload.Span);
        var blocks = new List<(Block, Commit)>();
        long bytes = 0;
        for (var h = request.FromHeight; h < request.FromHeight + request.Count && h <= _chain.Height; h++)
        {
            if (h == 0) continue;
            var block = _chain.Store.GetBlock(h);
            var commit = _chain.Store.GetCommit(h);
            if (block is null || commit is null) break;
            bytes += block.Transactions.Count * 256L + 1024;
            if (bytes > 6 * 1024 * 1024 && blocks.Count > 0) break; // stay under the channel's size cap
            blocks.Add((block, commit));
        }
        return ValueTask.FromResult(Canonical.Encode(new SyncResponse(_chain.Height, blocks)));
    }

    private void RequestSyncSoon(bool force)
    {
        var now = _time.GetTimestamp();
        if (!force && _time.GetElapsedTime(Interlocked.Read(ref _lastSyncRequestTicks), now) < TimeSpan.FromMilliseconds(500)) return;
        Interlocked.Exchange(ref _lastSyncRequestTicks, now);
        _ = SyncOnceAsync(CancellationToken.None);
    }

    private async Task SyncLoopAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await SyncOnceAsync(cancellation);
            var height = _chain.Height;
            if (height == _heightAtLastTick) await Post(() => Resend(null));
            _heightAtLastTick = height;
        }
    }

    /// <summary>
    /// Asks peers for committed blocks above the head and imports them by verifying their commits — a lagging node
    /// catches up without re-running consensus for heights the network already finalized.
    /// </summary>
    private async Task SyncOnceAsync(CancellationToken cancellation)
    {
        if (Interlocked.Exchange(ref _syncRunning, 1) == 1) return;
        try
        {
            foreach (var peer in _net.Peers)
            {
                var request = Canonical.Encode(new SyncRequest(_chain.Height + 1, 32));
                ReadOnlyMemory<byte> reply;
                try
                {
                    reply = await _net.RequestAsync(peer.Id, ChannelIds.BlockSync, request, TimeSpan.FromSeconds(5), cancellation);
                }
                catch (PeerRequestException)
                {
                    continue;
                }
                SyncResponse response;
                try
                {
                    response = Canonical.Decode<SyncResponse>(reply.Span);
                }
                catch (CodecException e)
                {
                    _net.ReportMisbehavior(peer.Id, Misbehavior.Malformed, e.Message);
                    continue;
                }
                if (response.Blocks.Count == 0) continue;
                var done = new TaskCompletionSource();
                await Post(() =>
                {
                    try
                    {
                        ImportSynced(peer.Id, response);
                    }
                    finally
                    {
                        done.TrySetResult();
                    }
                });
                await done.Task;
                if (response.PeerHeight <= _chain.Height) break;
            }
        }
        finally
        {
            Interlocked.Exchange(ref _syncRunning, 0);
        }
    }

    private void ImportSynced(PeerId from, SyncResponse response)
    {
        var imported = 0;
        foreach (var (block, commit) in response.Blocks)
        {
            if (block.Height <= _chain.Height) continue;
            if (block.Height != _chain.Height + 1) break;
            try
            {
                _chain.ImportBlock(block, commit);
            }
            catch (InvalidBlockException e)
            {
                _net.ReportMisbehavior(from, Misbehavior.Invalid, $"sync block {block.Height}: {e.Message}");
                return;
            }
            _lastCommit = commit;
            _evidence.Remove(block.Evidence);
            imported++;
        }
        if (imported == 0) return;
        _logger.LogInformation("Block sync imported {Count} blocks; head is {Height}", imported, _chain.Height);
        _blocks.Clear();
        _assemblies.Clear();
        _earlyParts.Clear();
        StartNextHeightIfNeeded();
    }
}
