using System.Diagnostics;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.Sidecars;

namespace Lamina.Node.Consensus;

/// <summary>
/// The consensus job: feeds the durable Tendermint state machine (peers' votes on channel <see cref="ChannelIds.Votes"/>,
/// proposals from <see cref="ProposalGossip"/>, timeouts, this node's blocks) and carries out its effects: broadcast,
/// timers, building a block when this node proposes, committing decided blocks, starting the next height. Everything
/// runs on the <see cref="INodeLoop"/>.
/// </summary>
public sealed class ConsensusLoop
{
    private const int MaxRememberedMessages = 512;
    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly INodeLoop _loop;
    private readonly SigningKey? _key;
    private readonly TimeSpan _blockInterval;
    private readonly ILogger _logger;
    private readonly ProposalGossip _proposals;
    private readonly EvidenceGossip _evidence;
    private readonly BlockSync _sync;
    private readonly VoteFilter _votes;
    private readonly List<(byte Channel, byte[] Payload, ulong Height)> _sentThisHeight = [];
    private DurableConsensus? _consensus;
    private Commit? _lastCommit;
    private ulong _heightAtLastTick;
    private OwnProposals _ownProposals = new();
    private readonly SidecarGossip? _sidecars;

    public ConsensusLoop(Blockchain chain, IPeerNetwork net, INodeLoop loop, SigningKey? key, TimeSpan blockInterval, ILogger logger,
        ProposalGossip proposals, EvidenceGossip evidence, BlockSync sync, ISignatureVerifier? verifier = null, SidecarGossip? sidecars = null)
    {
        _sidecars = sidecars;
        _chain = chain;
        _net = net;
        _loop = loop;
        _key = key;
        _blockInterval = blockInterval;
        _logger = logger;
        _proposals = proposals;
        _evidence = evidence;
        _sync = sync;
        _votes = new VoteFilter(net, chain.ChainId, verifier);
        proposals.ProposalReady = Feed;
        proposals.PeerAhead = () => sync.RequestSoon(force: false);
        sync.Imported = OnImported;
        net.RegisterHandler(ChannelIds.Votes, (from, payload) =>
        {
            loop.Post(() => OnVote(from, payload));
            return ValueTask.CompletedTask;
        });
        // A peer that (re)connects missed whatever we broadcast while it was away: hand it our messages of this height.
        net.PeerConnected += peer => loop.Post(() => Resend(peer.Id));
    }

    public DurableConsensus? Consensus => _consensus;
    public ulong Height => _consensus?.Machine.Height ?? 0;
    public uint Round => _consensus?.Machine.Round ?? 0;

    /// <summary>Rebuilds the machine from its WAL and starts it (call on the loop, once).</summary>
    public void Start(DurableConsensus consensus, IReadOnlyList<ConsensusEffect> replayed)
    {
        _consensus = consensus;
        _lastCommit = _chain.Height == 0 ? null : _chain.Store.GetCommit(_chain.Height);
        // The replay re-derives this node's own proposals; their blocks come back from the WAL, so they can be
        // broadcast again and committed.
        _ownProposals = OwnProposals.Recover(consensus.RecoveredValues, _chain.Height);
        foreach (var block in _ownProposals.All) _proposals.AddOwn(block);
        Process(replayed);
        StartNextHeightIfNeeded();
        _loop.PostAfter(BlockSync.Interval, ResendTick);
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
                    foreach (var message in _proposals.Encode(proposal)) Send(ChannelIds.BlockParts, message, proposal.Height);
                    // The blob bytes travel beside the block, not in it: published with the proposal.
                    if (_sidecars is not null && _proposals.TryGetBlock(proposal.BlockId, out var proposed) && _sidecars.EncodeForPublish(proposed) is { } sidecars)
                    {
                        Send(SidecarGossip.PushChannel, sidecars, proposal.Height);
                    }
                    break;
                case ScheduleTimeout t:
                    _loop.PostAfter(t.Duration, () => Feed(new TimeoutElapsed(t.Height, t.Round, t.Step)));
                    break;
                case RequestProposal r:
                    Propose(r.Height, r.Round);
                    break;
                case Decide d:
                    OnDecide(d.Height, d.Commit);
                    break;
                case EvidenceDetected ev:
                    _evidence.Detected(ev.Evidence);
                    break;
            }
        }
    }

    private void Send(byte channel, byte[] payload, ulong height)
    {
        _net.Broadcast(channel, payload);
        _sentThisHeight.RemoveAll(m => m.Height < height);
        if (_sentThisHeight.Count < MaxRememberedMessages) _sentThisHeight.Add((channel, payload, height));
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

    private void ResendTick()
    {
        var height = _chain.Height;
        if (height == _heightAtLastTick) Resend(null);
        _proposals.RetryAwaiting();
        _heightAtLastTick = height;
        _loop.PostAfter(BlockSync.Interval, ResendTick);
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
        _evidence.Pool.RemoveExpired(height, _chain.Genesis.Staking.EvidenceMaxAgeBlocks);
        // A proposal made before a crash is made again, the same block: the signer would refuse any other.
        var block = _ownProposals.Get(height, round);
        if (block is not null)
        {
            _proposals.AddOwn(block);
            Feed(new ProposeValue(height, round, block.Hash));
            return;
        }
        block = _chain.BuildBlock(_key.Address, lastCommit, _evidence.Pool.Pending()).Block;
        _ownProposals.Add(height, round, block);
        _proposals.AddOwn(block);
        // The block rides in the answer's WAL record, fsynced before the proposal is signed.
        Feed(new ProposeValue(height, round, block.Hash) { Value = Canonical.Encode(block) });
    }

    private void OnDecide(ulong height, Commit commit)
    {
        if (height <= _chain.Height) return; // a replayed decision, already on disk
        if (!_proposals.TryGetBlock(commit.BlockHash, out var block))
        {
            _logger.LogWarning("Height {Height} was decided but this node never received the block; syncing it", height);
            _lastCommit = commit;
            _sync.RequestSoon(force: true);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        _chain.CommitDecided(block, commit);
        _ownProposals.DropThrough(height);
        _lastCommit = commit;
        _evidence.Pool.Remove(block.Evidence);
        _proposals.Clear();
        _logger.LogDebug("Committed {Height} ({Txs} txs) in {Ms:F1} ms", height, block.Transactions.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        // Wait a little before the next height (CometBFT's timeout_commit) so blocks gather transactions
        // and late precommits reach the next proposer's last commit.
        _loop.PostAfter(_blockInterval, StartNextHeightIfNeeded);
    }

    private void OnImported(IReadOnlyList<(Block Block, Commit Commit)> imported)
    {
        foreach (var (block, _) in imported) _evidence.Pool.Remove(block.Evidence);
        _lastCommit = imported[^1].Commit;
        _ownProposals.DropThrough(_chain.Height);
        _proposals.Clear();
        StartNextHeightIfNeeded();
    }

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
        if (_consensus is null) return;
        switch (_votes.Check(from, vote, payload.Span, _consensus.Machine))
        {
            case VoteFilter.Verdict.Useful:
                Feed(new VoteReceived(vote));
                break;
            case VoteFilter.Verdict.PeerAhead:
                _sync.RequestSoon(force: false);
                break;
        }
    }
}
