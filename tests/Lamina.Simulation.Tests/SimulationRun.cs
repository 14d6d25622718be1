using System.Buffers.Binary;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Simulation.Tests;

/// <summary>
/// A whole network of <see cref="TendermintStateMachine"/>s in virtual time. One event queue ordered by
/// (time, sequence number) and one seeded PRNG make the run a pure function of (config, seed).
/// </summary>
internal sealed class SimulationRun
{
    internal const string ChainId = "lamina-sim";
    private static readonly DomainTag ValueTag = new("lamina/sim/value");
    private static readonly SigningKey[] KeyCache = Enumerable.Range(0, 128)
        .Select(i => SigningKey.FromSeed(BitConverter.GetBytes((ulong)i + 1).Concat(new byte[24]).ToArray())).ToArray();

    private readonly SimulationConfig _config;
    private readonly RunLedger<SimEvent> _ledger;
    private readonly SplitMix64 _rng;
    private readonly SimNode[] _nodes;
    private readonly ValidatorSet _set;
    private readonly MemoVerifier _verifier = new();
    private readonly ConsensusConfig _consensusConfig;
    private readonly Dictionary<Hash256, ValueInfo> _registry = []; // lookup only
    private readonly Dictionary<ulong, Hash256> _decided = []; // lookup only
    private readonly List<string> _violations;
    // Equivocations: performed by Byzantine nodes (ground truth), detected by honest nodes, slashed on chain.
    private readonly List<OffenseKey> _offenses = [];
    private readonly Dictionary<OffenseKey, Offense> _offenseIndex = []; // lookup only
    private bool[]? _partition;

    public SimulationRun(SimulationConfig config, ulong seed)
    {
        SimulationPlan.Validate(config);
        _config = config;
        _ledger = new RunLedger<SimEvent>(config, seed, ev => ev is RegossipEvent);
        _rng = _ledger.Rng;
        _violations = _ledger.Violations;
        _consensusConfig = SimulationPlan.Consensus();
        var keys = KeyCache.Take(config.Validators).ToArray();
        _set = new ValidatorSet(keys.Select(k => new Validator(k.PublicKey, 10)));
        // Node i is validator i of the sorted set, so node indices and vote-set indices agree.
        keys = _set.Validators.Select(v => keys.Single(k => k.PublicKey == v.PublicKey)).ToArray();
        var plan = _rng.Fork();
        var drawn = SimulationPlan.Nodes(config, plan);
        _nodes = new SimNode[config.Validators];
        for (var i = 0; i < config.Validators; i++) _nodes[i] = new SimNode(i, keys[i], drawn[i].Behavior, drawn[i].Skew);
        PlanFaults(plan);
    }

    private void PlanFaults(SplitMix64 plan) => SimulationPlan.Faults(_config, plan, _nodes.Where(n => n.Honest).Select(n => n.Index),
        (at, side) => Schedule(at, new PartitionEvent(side)),
        (node, crashAt, restartAt) =>
        {
            Schedule(crashAt, new CrashEvent(node));
            Schedule(restartAt, new RestartEvent(node));
        });

    private long Now => _ledger.Now;

    public SimulationResult Execute()
    {
        foreach (var node in _nodes) Boot(node);
        _ledger.Run(MinHonestHeight, Dispatch, () => Done() || Stalled());
        CheckEnd();
        return _ledger.Result(MinHonestHeight(), _offenses.Count,
            _offenses.Count(o => _offenseIndex[o].DetectedAt is not null),
            _offenses.Count(o => _offenseIndex[o].SlashedAt is not null),
            _nodes.Select(Describe).ToList());
    }

    private static string Describe(SimNode n)
    {
        var m = n.Machine;
        var state = m is null ? "no machine" : $"h={m.Height} r={m.Round} {m.Step} decided={m.IsDecided} locked={m.LockedRound}:{m.LockedValue?.ToString()[..8]} valid={m.ValidRound}:{m.ValidValue?.ToString()[..8]}";
        return $"node {n.Index} {(n.Honest ? "honest" : n.Behavior.ToString())} up={n.Up} inc={n.Incarnation} chain={n.Height} {state} " +
               $"lastPrevote={n.LastPrevote} lastPrecommit={n.LastPrecommit} wal={n.Wal.Count}";
    }

    // ---------------------------------------------------------------- scheduling and trace

    private void Schedule(long at, SimEvent ev) => _ledger.Schedule(at, ev);

    private void Mix(ulong x) => _ledger.Mix(x);

    private static ulong Word(Hash256 h)
    {
        Span<byte> b = stackalloc byte[32];
        h.CopyTo(b);
        return BinaryPrimitives.ReadUInt64BigEndian(b);
    }

    private void TraceMessage(int kind, int a, int b, SimMessage m)
    {
        Mix((ulong)Now);
        Mix((ulong)kind << 48 | (ulong)(uint)a << 16 | (uint)b);
        switch (m)
        {
            case VoteMsg v: Mix(v.Vote.Height); Mix(v.Vote.Round); Mix((ulong)v.Vote.Type); Mix(Word(v.Vote.BlockId)); break;
            case ProposalMsg p: Mix(p.Proposal.Height); Mix(p.Proposal.Round); Mix(Word(p.Proposal.BlockId)); break;
            case EvidenceMsg e: Mix(Word(e.Evidence.Hash)); break;
            case CommitMsg c: Mix(c.Commit.Height); Mix(Word(c.Commit.BlockHash)); break;
            case CatchUpRequest r: Mix(r.Height); break;
        }
    }

    // ---------------------------------------------------------------- events

    private void Dispatch(SimEvent ev)
    {
        switch (ev)
        {
            case DeliverEvent d: Deliver(d); break;
            case TimerEvent t:
                Mix((ulong)Now); Mix(0x7100 | (ulong)t.Node);
                if (_nodes[t.Node].Up && _nodes[t.Node].Incarnation == t.Incarnation) Feed(_nodes[t.Node], t.Timeout);
                break;
            case RegossipEvent g: Regossip(g); break;
            case CrashEvent c:
                Mix((ulong)Now); Mix(0xC000 | (ulong)c.Node);
                Crash(_nodes[c.Node]);
                break;
            case RestartEvent r:
                Mix((ulong)Now); Mix(0xE000 | (ulong)r.Node);
                Boot(_nodes[r.Node]);
                break;
            case PartitionEvent p:
                Mix((ulong)Now); Mix(p.Side is null ? 0xAAUL : 0xBBUL);
                _partition = p.Side;
                break;
        }
    }

    private void Boot(SimNode node)
    {
        node.Up = true;
        node.Incarnation++;
        if (node.Behavior == ByzantineBehavior.Silent) return;
        IVoteSigner signer = node.Behavior == ByzantineBehavior.Equivocate ? new RawSigner(node.Key) : new DoubleSignGuard(node.Key, node.SignerStore);
        var fresh = new TendermintStateMachine(ChainId, _consensusConfig, signer, _verifier);
        var (consensus, effects) = DurableConsensus.Recover(fresh, node.Wal);
        node.Consensus = consensus;
        node.LastProposal = null;
        node.LastPrevote = null;
        node.LastPrecommit = null;
        node.HeightStartTime = Now;
        Process(node, effects);
        if (node.Machine!.Validators is null) Feed(node, new StartHeight(node.Height + 1, _set));
        ScheduleRegossip(node);
    }

    private void Crash(SimNode node)
    {
        node.Up = false;
        node.Incarnation++; // pending timers of the old incarnation die with it
        node.Consensus = null;
        node.Wal.Crash(); // peers' messages not yet flushed are lost, as from a real file
        node.CommitSentAt.Clear();
    }

    private void ScheduleRegossip(SimNode node)
    {
        node.HeightAtLastTick = node.Machine?.Height ?? 0;
        Schedule(Now + (long)(_config.RegossipMs * node.Skew), new RegossipEvent(node.Index, node.Incarnation));
    }

    /// <summary>Gossip retransmission: a node stuck at one height re-sends its own latest messages so losses before GST heal.</summary>
    private void Regossip(RegossipEvent g)
    {
        var node = _nodes[g.Node];
        if (!node.Up || node.Incarnation != g.Incarnation || node.Machine is null) return;
        Mix((ulong)Now); Mix(0x6000 | (ulong)g.Node);
        if (node.Machine.Height == node.HeightAtLastTick)
        {
            node.LastRegossipAt = Now;
            if (node.LastProposal is { } p)
            {
                SendAll(node, new ProposalMsg(p));
                foreach (var v in node.Machine.ProofOfLock(p)) SendAll(node, new VoteMsg(v));
            }
            if (node.LastPrevote is { } pv) SendAll(node, new VoteMsg(pv));
            if (node.LastPrecommit is { } pc) SendAll(node, new VoteMsg(pc));
        }
        ScheduleRegossip(node);
    }

    private void Deliver(DeliverEvent d)
    {
        var node = _nodes[d.To];
        TraceMessage(1, d.To, d.From, d.Message);
        if (!node.Up || node.Machine is null) return;
        var machine = node.Machine;
        switch (d.Message)
        {
            case VoteMsg v:
                CatchUp(node, d.From, v.Vote.Height);
                Feed(node, new VoteReceived(v.Vote));
                break;
            case ProposalMsg p:
                CatchUp(node, d.From, p.Proposal.Height);
                Feed(node, new ProposalReceived(p.Proposal, IsValidBlock(p.Proposal.BlockId, p.Proposal.Height)));
                break;
            case EvidenceMsg e:
                AddEvidence(node, e.Evidence, gossip: false);
                break;
            case CommitMsg c:
                if (c.Commit.Height == machine.Height && !machine.IsDecided) Feed(node, new CommitReceived(c.Commit));
                break;
            case CatchUpRequest r:
                if (r.Height >= 1 && r.Height <= node.Height) SendCommit(node, d.From, r.Height);
                break;
        }
    }

    /// <summary>Block sync reduced to commits: a node behind asks, a node ahead answers with the commit of the asker's height.</summary>
    private void CatchUp(SimNode node, int from, ulong messageHeight)
    {
        var mine = node.Machine!.Height;
        if (messageHeight > mine)
        {
            if (node.LastCatchUpRequest.Height != mine || Now - node.LastCatchUpRequest.Time >= 100)
            {
                node.LastCatchUpRequest = (mine, Now);
                Send(node.Index, from, new CatchUpRequest(mine));
            }
        }
        else if (messageHeight < mine && messageHeight >= 1 && messageHeight <= node.Height)
        {
            SendCommit(node, from, messageHeight);
        }
    }

    private void SendCommit(SimNode node, int to, ulong height)
    {
        if (node.CommitSentAt.TryGetValue((to, height), out var t) && Now - t < 200) return;
        node.CommitSentAt[(to, height)] = Now;
        Send(node.Index, to, new CommitMsg(node.Commits[(int)height - 1]));
    }

    // ---------------------------------------------------------------- node side: feeding inputs and carrying out effects

    private void Feed(SimNode node, ConsensusInput input)
    {
        var effects = node.Consensus!.Handle(input);
        _ledger.ObserveRound((int)node.Machine!.Round);
        Process(node, effects);
    }

    private void Process(SimNode node, IReadOnlyList<ConsensusEffect> effects)
    {
        foreach (var effect in effects)
        {
            if (node.Consensus is null) return;
            switch (effect)
            {
                case Broadcast { Message: Vote v } when v.Validator != node.Key.Address:
                    SendAll(node, new VoteMsg(v));
                    break;
                case Broadcast { Message: Vote v }:
                    if (v.Height == node.Machine!.Height)
                    {
                        if (v.Type == VoteType.Prevote) node.LastPrevote = v; else node.LastPrecommit = v;
                    }
                    SendAll(node, new VoteMsg(v));
                    if (node.Behavior == ByzantineBehavior.Equivocate) EquivocateVote(node, v);
                    break;
                case Broadcast { Message: Proposal p }:
                    node.LastProposal = p;
                    if (node.Behavior == ByzantineBehavior.Equivocate) EquivocateProposal(node, p);
                    else SendAll(node, new ProposalMsg(p));
                    break;
                case ScheduleTimeout t:
                    var delay = (long)Math.Ceiling(t.Duration.TotalMilliseconds * node.Skew);
                    Schedule(Now + delay, new TimerEvent(node.Index, node.Incarnation, new TimeoutElapsed(t.Height, t.Round, t.Step)));
                    break;
                case RequestProposal rp:
                    var value = BuildValue(node, rp.Height, node.Behavior != ByzantineBehavior.InvalidProposals);
                    Feed(node, new ProposeValue(rp.Height, rp.Round, value.Id));
                    break;
                case Decide d:
                    OnDecide(node, d);
                    break;
                case EvidenceDetected e:
                    if (node.Honest) MarkDetected(e.Evidence);
                    AddEvidence(node, e.Evidence, gossip: true);
                    break;
            }
        }
    }

    private ValueInfo BuildValue(SimNode node, ulong height, bool valid)
    {
        var evidence = node.EvidencePool
            .Where(e => !node.CommittedEvidence.Contains(e.Hash) && !e.IsExpired(height, _config.EvidenceMaxAgeBlocks))
            .Take(16).ToList();
        var w = new CanonicalWriter();
        w.WriteU64(height);
        w.WriteU32((uint)node.Index);
        w.WriteU32((uint)node.ValueCounter++);
        w.WriteBool(valid);
        foreach (var e in evidence) w.WriteHash(e.Hash);
        var id = DomainHasher.Hash(ValueTag, w.WrittenSpan);
        var info = new ValueInfo(id, height, node.Index, valid, evidence);
        _registry[id] = info;
        return info;
    }

    /// <summary>The application's verdict: a known block for this height, marked valid, whose evidence all verifies and is fresh.</summary>
    private bool IsValidBlock(Hash256 id, ulong height)
    {
        if (!_registry.TryGetValue(id, out var info) || !info.Valid || info.Height != height) return false;
        foreach (var e in info.Evidence)
        {
            if (e.IsExpired(height, _config.EvidenceMaxAgeBlocks)) return false;
            try
            {
                e.Verify(ChainId, _set, _verifier);
            }
            catch (InvalidEvidenceException)
            {
                return false;
            }
        }
        return true;
    }

    private void OnDecide(SimNode node, Decide d)
    {
        var h = d.Height;
        var value = d.Commit.BlockHash;
        Mix((ulong)Now); Mix(0xDEC0 | (ulong)node.Index); Mix(h); Mix(Word(value));
        if (node.Honest)
        {
            if (_decided.TryGetValue(h, out var first))
            {
                if (first != value) _violations.Add($"agreement: node {node.Index} decided {value} at height {h}, another honest node decided {first}");
            }
            else
            {
                _decided[h] = value;
                if (!_registry.TryGetValue(value, out var info) || !info.Valid) _violations.Add($"validity: height {h} decided invalid or unknown value {value}");
                else ApplySlashing(info);
            }
        }
        if (h == node.Height + 1)
        {
            node.Chain.Add(value);
            node.Commits.Add(d.Commit);
            if (_registry.TryGetValue(value, out var info))
            {
                foreach (var e in info.Evidence) node.CommittedEvidence.Add(e.Hash);
            }
            if (node.Honest && Now >= _config.GstMs) _ledger.CommitLatenciesMs.Add(Now - node.HeightStartTime);
        }
        var machine = node.Machine!;
        if (machine.Height == h && machine.IsDecided && h <= node.Height)
        {
            node.LastProposal = null;
            node.LastPrevote = null;
            node.LastPrecommit = null;
            node.HeightStartTime = Now;
            Feed(node, new StartHeight(h + 1, _set));
        }
    }

    /// <summary>The chain's slashing module: committed, valid evidence slashes the offender once per offence.</summary>
    private void ApplySlashing(ValueInfo info)
    {
        foreach (var e in info.Evidence)
        {
            var key = OffenseKey.Of(e, _set);
            var offender = _set.IndexOf(e.Validator);
            if (_nodes[offender].Honest) _violations.Add($"slashing: honest validator {offender} slashed for {key}");
            var offense = GetOffense(key);
            offense.SlashedAt ??= Now;
        }
    }

    private void AddEvidence(SimNode node, DuplicateVoteEvidence evidence, bool gossip)
    {
        if (!node.KnownEvidence.Add(evidence.Hash)) return;
        try
        {
            evidence.Verify(ChainId, _set, _verifier);
        }
        catch (InvalidEvidenceException)
        {
            return;
        }
        node.EvidencePool.Add(evidence);
        if (gossip) SendAll(node, new EvidenceMsg(evidence));
    }

    // ---------------------------------------------------------------- Byzantine behaviour

    private void EquivocateVote(SimNode node, Vote v)
    {
        // A second vote for something else, to a random half of the network (so some nodes see both and catch it).
        var other = v.IsNil ? DomainHasher.Hash(ValueTag, BitConverter.GetBytes(_rng.NextU64())) : Hash256.Zero;
        var conflicting = Vote.Create(ChainId, v.Type, v.Height, v.Round, other, node.Key);
        GetOffense(new OffenseKey(node.Index, v.Height, v.Round, v.Type));
        for (var to = 0; to < _nodes.Length; to++)
        {
            if (to != node.Index && _rng.Chance(0.5)) Send(node.Index, to, new VoteMsg(conflicting));
        }
    }

    private void EquivocateProposal(SimNode node, Proposal p)
    {
        // Two different valid blocks, each to about half of the network: the classic attempt to split the vote.
        var second = BuildValue(node, p.Height, valid: true);
        var q = Proposal.Create(ChainId, p.Height, p.Round, p.PolRound, second.Id, node.Key);
        for (var to = 0; to < _nodes.Length; to++)
        {
            if (to != node.Index) Send(node.Index, to, _rng.Chance(0.5) ? new ProposalMsg(p) : new ProposalMsg(q));
        }
    }

    // ---------------------------------------------------------------- network

    private void SendAll(SimNode from, SimMessage message)
    {
        for (var to = 0; to < _nodes.Length; to++)
        {
            if (to != from.Index) Send(from.Index, to, message);
        }
    }

    private void Send(int from, int to, SimMessage message)
    {
        if (Now < _config.GstMs)
        {
            if (_partition is { } side && side[from] != side[to]) return;
            if (_rng.Chance(_config.DropRate)) return;
            Schedule(Now + _rng.NextLong(1, _config.PreGstDelayMaxMs), new DeliverEvent(to, from, message));
            if (_rng.Chance(_config.DuplicateRate)) Schedule(Now + _rng.NextLong(1, _config.PreGstDelayMaxMs), new DeliverEvent(to, from, message));
        }
        else
        {
            Schedule(Now + _rng.NextLong(_config.PostGstDelayMinMs, _config.PostGstDelayMaxMs), new DeliverEvent(to, from, message));
        }
    }

    // ---------------------------------------------------------------- invariants

    private ulong MinHonestHeight() => _nodes.Where(n => n.Honest).Min(n => n.Height);

    private bool Done()
    {
        if (!_ledger.LivenessReached(MinHonestHeight())) return false;
        // Then keep going until every equivocation detected by then is slashed (or its bound passes).
        foreach (var key in _offenses)
        {
            var o = _offenseIndex[key];
            if (o.DetectedAt is { } at && at <= _ledger.LivenessReachedAt && o.SlashedAt is null && Now <= SlashDeadline(o)) return false;
        }
        return true;
    }

    /// <summary>The watchdog (<see cref="RunLedger{TEvent}.CheckStall"/>): here the periodic ticks are the regossip events.</summary>
    private bool Stalled() => _ledger.CheckStall(Fingerprint, EveryNodeRegossipedSince, MinHonestHeight);

    private bool EveryNodeRegossipedSince(long since)
    {
        foreach (var n in _nodes)
        {
            if (n.Honest && n.Up && n.LastRegossipAt <= since) return false;
        }
        return true;
    }

    private string Fingerprint()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var n in _nodes)
        {
            if (n.Honest && n.Machine is { } m) RunLedger<SimEvent>.AppendFingerprint(sb, n.Index, n.Height, m);
        }
        return sb.ToString();
    }

    private long SlashDeadline(Offense o) => Math.Max(_config.GstMs, o.DetectedAt!.Value) + _config.SlashBoundMs;

    private void CheckEnd()
    {
        _ledger.CheckLiveness(MinHonestHeight());
        foreach (var key in _offenses)
        {
            var o = _offenseIndex[key];
            if (o.DetectedAt is not { } at || (_ledger.LivenessReachedAt is { } done && at > done)) continue;
            if (o.SlashedAt is null) _violations.Add($"slashing: equivocation {key} detected at {at} ms was never slashed");
            else if (o.SlashedAt > SlashDeadline(o)) _violations.Add($"slashing: equivocation {key} slashed at {o.SlashedAt} ms, after its bound {SlashDeadline(o)} ms");
        }
    }

    private Offense GetOffense(OffenseKey key)
    {
        if (!_offenseIndex.TryGetValue(key, out var o))
        {
            o = new Offense();
            _offenseIndex[key] = o;
            _offenses.Add(key);
        }
        return o;
    }

    private void MarkDetected(DuplicateVoteEvidence e)
    {
        var o = GetOffense(OffenseKey.Of(e, _set));
        o.DetectedAt ??= Now;
    }

    private sealed class Offense
    {
        public long? DetectedAt { get; set; }
        public long? SlashedAt { get; set; }
    }
}
