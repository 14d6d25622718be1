using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// One validator's (or a non-voting observer's) Tendermint consensus, as in Buchman, Kwon and Milosevic, "The latest
/// gossip on BFT consensus" (2018), Algorithm 1. It is a pure, deterministic state machine: <see cref="Handle"/> takes
/// one <see cref="ConsensusInput"/> and returns the <see cref="ConsensusEffect"/>s the driver must carry out. It never
/// reads a clock, never draws randomness and never does I/O, so the same inputs always give the same effects: that
/// is what makes WAL replay and whole-network simulation exact.
/// <para>
/// Two departures from the paper's pseudocode, both as in CometBFT: a node decides on 2/3+ precommits for a block
/// even if it never received that block's proposal (the precommits prove at least one honest validator checked it;
/// the driver fetches the block), and a verified <see cref="Commit"/> from a peer lets a lagging node decide directly.
/// </para>
/// </summary>
public sealed class TendermintStateMachine
{
    private readonly string _chainId;
    private readonly ConsensusConfig _config;
    private readonly IVoteSigner? _signer;
    private readonly ISignatureVerifier _verifier;
    private List<ConsensusEffect> _effects = [];

    private ValidatorSet? _validators;
    private HeightVoteSet? _votes;
    private HeightVoteSet? _previousVotes; // kept only to catch equivocation in late votes for the last height
    private readonly SortedDictionary<uint, ProposalEntry> _proposals = [];
    private readonly HashSet<Hash256> _evidenceSeen = []; // lookup only
    private readonly List<ConsensusInput> _future = [];

    // Per-round "for the first time" guards of the paper's upon-rules.
    private bool _prevoteTimeoutScheduled;
    private bool _precommitTimeoutScheduled;
    private bool _validValueUpdated;
    private bool _proposalRequested;

    public TendermintStateMachine(string chainId, ConsensusConfig config, IVoteSigner? signer, ISignatureVerifier? verifier = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        _chainId = chainId;
        _config = config;
        _signer = signer;
        _verifier = verifier ?? Ed25519Verifier.Instance;
    }

    public string ChainId => _chainId;
    public ulong Height { get; private set; }
    public uint Round { get; private set; }
    public ConsensusStep Step { get; private set; }
    public Hash256? LockedValue { get; private set; }
    public long LockedRound { get; private set; } = -1;
    public Hash256? ValidValue { get; private set; }
    public long ValidRound { get; private set; } = -1;
    /// <summary>The current height is decided; the machine waits for <see cref="StartHeight"/> of the next one.</summary>
    public bool IsDecided => Decision is not null;
    public Commit? Decision { get; private set; }
    public ValidatorSet? Validators => _validators;
    public HeightVoteSet? Votes => _votes;

    /// <summary>
    /// Messages for the next height that arrived early, in arrival order; <see cref="StartHeight"/> applies them. The
    /// WAL must keep them past the truncation that starts that height, or a replay would vote without them.
    /// </summary>
    internal IReadOnlyList<ConsensusInput> BufferedForNextHeight => _future.ToArray();

    /// <summary>Runs just before anything is signed: the WAL makes the inputs behind the signature durable here.</summary>
    internal Action? BeforeSign { get; set; }

    /// <summary>True when this node has a signer whose address is in the current validator set.</summary>
    public bool IsValidator => _signer is not null && _validators is not null && _validators.IndexOf(_signer.Address) >= 0;

    public IReadOnlyList<ConsensusEffect> Handle(ConsensusInput input)
    {
        _effects = [];
        Apply(input);
        Progress();
        return _effects;
    }

    private void Apply(ConsensusInput input)
    {
        switch (input)
        {
            case StartHeight s: OnStartHeight(s); break;
            case VoteReceived v: OnVote(v.Vote); break;
            case ProposalReceived p: OnProposal(p); break;
            case TimeoutElapsed t: OnTimeout(t); break;
            case ProposeValue pv: OnProposeValue(pv); break;
            case CommitReceived c: OnCommit(c.Commit); break;
            default: throw new ArgumentException($"unknown consensus input {input.GetType().Name}", nameof(input));
        }
    }

    private void OnStartHeight(StartHeight s)
    {
        if (_validators is not null && s.Height <= Height) return; // stale or repeated (e.g. during replay)
        _previousVotes = _validators is not null && s.Height == Height + 1 ? _votes : null;
        Height = s.Height;
        _validators = s.Validators;
        _votes = new HeightVoteSet(_chainId, Height, _validators, _config.MaxRoundsAhead, _verifier);
        _proposals.Clear();
        Decision = null;
        LockedValue = null;
        LockedRound = -1;
        ValidValue = null;
        ValidRound = -1;
        StartRound(0);
        // Messages that arrived early for this height are handled now, in arrival order.
        var buffered = _future.ToArray();
        _future.Clear();
        foreach (var m in buffered)
        {
            Apply(m);
            Progress();
        }
    }

    private void Buffer(ConsensusInput input, ulong height)
    {
        if (height == Height + 1 && _future.Count < _config.MaxFutureMessages) _future.Add(input);
    }

    private void OnVote(Vote vote)
    {
        if (_votes is null) return;
        if (vote.Height == Height) AddVote(_votes, vote);
        else if (vote.Height > Height) Buffer(new VoteReceived(vote), vote.Height);
        else if (_previousVotes is not null && vote.Height == _previousVotes.Height) AddVote(_previousVotes, vote);
    }

    private void AddVote(HeightVoteSet set, Vote vote)
    {
        AddVoteResult result;
        DuplicateVoteEvidence? evidence;
        try
        {
            result = set.Add(vote, out evidence);
        }
        catch (InvalidVoteException)
        {
            return; // unsigned, unknown or out-of-range votes are dropped; the peer layer may score the sender
        }
        if (result == AddVoteResult.Conflicting && evidence is not null && _evidenceSeen.Add(evidence.Hash))
        {
            _effects.Add(new EvidenceDetected(evidence));
        }
    }

    private void OnProposal(ProposalReceived input)
    {
        var p = input.Proposal;
        if (_validators is null) return;
        if (p.Height > Height) { Buffer(input, p.Height); return; }
        if (p.Height != Height || IsDecided) return;
        if (p.Round > Round && p.Round - Round > _config.MaxRoundsAhead) return;
        if (_proposals.ContainsKey(p.Round)) return; // the first proposal for a round counts
        var proposer = _validators.GetProposer(Height, p.Round);
        if (p.Proposer != proposer.Address) return;
        if (!p.VerifySignature(_chainId, proposer.PublicKey, _verifier)) return;
        _proposals[p.Round] = new ProposalEntry(p, input.IsValid);
    }

    private void OnTimeout(TimeoutElapsed t)
    {
        if (_validators is null || t.Height != Height || t.Round != Round || IsDecided) return;
        switch (t.Step)
        {
            case ConsensusStep.Propose when Step == ConsensusStep.Propose:
                Prevote(Hash256.Zero);
                break;
            case ConsensusStep.Prevote when Step == ConsensusStep.Prevote:
                Precommit(Hash256.Zero);
                break;
            case ConsensusStep.Precommit:
                StartRound(checked(Round + 1));
                break;
        }
    }

    private void OnProposeValue(ProposeValue pv)
    {
        if (_validators is null || IsDecided || pv.Height != Height || pv.Round != Round) return;
        if (Step != ConsensusStep.Propose || !_proposalRequested || _proposals.ContainsKey(Round) || pv.BlockId.IsZero) return;
        Propose(pv.BlockId, -1);
    }

    private void OnCommit(Commit commit)
    {
        if (_validators is null || IsDecided || commit.Height != Height) return;
        try
        {
            commit.Verify(_chainId, _validators, Height, commit.BlockHash, _verifier);
        }
        catch (InvalidCommitException)
        {
            return;
        }
        Decide(commit);
    }

    private void StartRound(uint round)
    {
        Round = round;
        Step = ConsensusStep.Propose;
        _votes!.CurrentRound = round;
        _prevoteTimeoutScheduled = false;
        _precommitTimeoutScheduled = false;
        _validValueUpdated = false;
        _proposalRequested = false;
        if (IsValidator && _validators!.GetProposer(Height, round).Address == _signer!.Address)
        {
            if (ValidValue is { } valid)
            {
                Propose(valid, ValidRound);
            }
            else
            {
                _proposalRequested = true;
                _effects.Add(new RequestProposal(Height, round));
            }
        }
        // Scheduled even for the proposer: if the application never answers, the round still moves on.
        _effects.Add(new ScheduleTimeout(Height, round, ConsensusStep.Propose, _config.Timeouts.For(ConsensusStep.Propose, round)));
    }

    private void Propose(Hash256 blockId, long polRound)
    {
        var bytes = Proposal.SignBytes(_chainId, Height, Round, polRound, blockId);
        Signature signature;
        try
        {
            signature = Sign(ConsensusStep.Propose, bytes);
        }
        catch (DoubleSignException)
        {
            return; // already proposed something else here before a crash: staying silent is safe
        }
        var proposal = new Proposal(Height, Round, polRound, blockId, _signer!.Address, signature);
        _proposals.TryAdd(Round, new ProposalEntry(proposal, true));
        _effects.Add(new Broadcast(proposal));
        // A re-proposal is only acceptable to peers that hold its proof of lock. Peers that missed those prevotes
        // (lost before the network stabilised) would wait for them forever, so the proposer re-sends them, as
        // CometBFT's gossip does for a proposal's POL round.
        foreach (var vote in ProofOfLock(proposal)) _effects.Add(new Broadcast(vote));
    }

    private Signature Sign(ConsensusStep step, byte[] signBytes)
    {
        BeforeSign?.Invoke();
        return _signer!.Sign(Height, Round, step, signBytes);
    }

    /// <summary>The prevotes this node holds that justify <paramref name="proposal"/>'s proof-of-lock round (empty for a fresh value).</summary>
    public IReadOnlyList<Vote> ProofOfLock(Proposal proposal)
    {
        if (proposal.PolRound < 0 || _votes is null || proposal.Height != Height) return [];
        return _votes.Prevotes((uint)proposal.PolRound).VotesFor(proposal.BlockId);
    }

    private void Prevote(Hash256 blockId)
    {
        Step = ConsensusStep.Prevote;
        CastVote(VoteType.Prevote, blockId);
    }

    private void Precommit(Hash256 blockId)
    {
        Step = ConsensusStep.Precommit;
        CastVote(VoteType.Precommit, blockId);
    }

    private void CastVote(VoteType type, Hash256 blockId)
    {
        if (!IsValidator) return;
        var step = type == VoteType.Prevote ? ConsensusStep.Prevote : ConsensusStep.Precommit;
        var bytes = Vote.SignBytes(_chainId, type, Height, Round, blockId);
        Signature signature;
        try
        {
            signature = Sign(step, bytes);
        }
        catch (DoubleSignException)
        {
            return; // not voting is always safe; the guard saw a conflicting signature from before a crash
        }
        var vote = new Vote(type, Height, Round, blockId, _signer!.Address, signature);
        _effects.Add(new Broadcast(vote));
        AddVote(_votes!, vote);
    }

    private void Decide(Commit commit)
    {
        Decision = commit;
        _effects.Add(new Decide(Height, commit));
    }

    /// <summary>Applies the paper's upon-rules until none fires.</summary>
    private void Progress()
    {
        while (_validators is not null && !IsDecided && FireOneRule())
        {
        }
    }

    private bool FireOneRule()
    {
        var votes = _votes!;
        // Line 49: 2/3+ precommits for a block in any round decide it.
        foreach (var (_, precommits) in votes.RoundsWithPrecommitMajority())
        {
            Decide(precommits.MakeCommit(precommits.TwoThirdsMajority!.Value));
            return true;
        }
        // Line 55: over 1/3 of the power is already in a later round; join it.
        if (votes.HighestRoundWithOneThirdAbove(Round) is { } later)
        {
            StartRound(later);
            return true;
        }
        _proposals.TryGetValue(Round, out var entry);
        if (Step == ConsensusStep.Propose && entry is not null)
        {
            var p = entry.Proposal;
            if (p.PolRound < 0)
            {
                // Line 22: a fresh value; prevote it if valid and not contradicting our lock.
                var accept = entry.IsValid && (LockedRound == -1 || LockedValue == p.BlockId);
                Prevote(accept ? p.BlockId : Hash256.Zero);
                return true;
            }
            if (votes.Prevotes((uint)p.PolRound).HasTwoThirdsFor(p.BlockId))
            {
                // Line 28: a re-proposal backed by a proof of lock from round vr; a lock from vr or earlier yields to it.
                var accept = entry.IsValid && (LockedRound <= p.PolRound || LockedValue == p.BlockId);
                Prevote(accept ? p.BlockId : Hash256.Zero);
                return true;
            }
        }
        var prevotes = votes.Prevotes(Round);
        if (Step == ConsensusStep.Prevote && !_prevoteTimeoutScheduled && prevotes.HasTwoThirdsAny)
        {
            // Line 34.
            _prevoteTimeoutScheduled = true;
            _effects.Add(new ScheduleTimeout(Height, Round, ConsensusStep.Prevote, _config.Timeouts.For(ConsensusStep.Prevote, Round)));
            return true;
        }
        if (entry is not null && entry.IsValid && Step >= ConsensusStep.Prevote && !_validValueUpdated && prevotes.HasTwoThirdsFor(entry.Proposal.BlockId))
        {
            // Line 36: a polka for a valid proposal: lock on it (if still prevoting) and remember it as the valid value.
            _validValueUpdated = true;
            var v = entry.Proposal.BlockId;
            if (Step == ConsensusStep.Prevote)
            {
                LockedValue = v;
                LockedRound = Round;
                Precommit(v);
            }
            ValidValue = v;
            ValidRound = Round;
            return true;
        }
        if (Step == ConsensusStep.Prevote && prevotes.TwoThirdsMajority is { IsZero: true })
        {
            // Line 44.
            Precommit(Hash256.Zero);
            return true;
        }
        if (!_precommitTimeoutScheduled && votes.Precommits(Round).HasTwoThirdsAny)
        {
            // Line 47.
            _precommitTimeoutScheduled = true;
            _effects.Add(new ScheduleTimeout(Height, Round, ConsensusStep.Precommit, _config.Timeouts.For(ConsensusStep.Precommit, Round)));
            return true;
        }
        return false;
    }

    private sealed record ProposalEntry(Proposal Proposal, bool IsValid);
}
