using Lamina.Consensus;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A network of whole nodes in virtual time: each runs the real node jobs (<see cref="Lamina.Node.Consensus.ConsensusJobs"/>)
/// over a real <see cref="Lamina.L1.Chain.Blockchain"/> executing blocks on in-memory storage, while a client keeps
/// sending signed transfers. One event queue ordered by (time, sequence) and one seeded PRNG make the run a pure
/// function of (config, seed). A node is a set of services; DA nodes and rollup agents join as more services.
/// </summary>
internal sealed partial class NodeSimulation
{
    internal const string ChainId = "lamina-sim-nodes";
    private const long EpochMs = 1_750_000_000_000;
    private const ulong Power = 100;
    private static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(50);

    private readonly SimulationConfig _config;
    private readonly ulong _seed;
    private readonly SplitMix64 _rng;
    private readonly PriorityQueue<NodeEvent, (long Time, long Seq)> _queue = new();
    private readonly GenesisConfig _genesis;
    private readonly ConsensusConfig _consensusConfig;
    private readonly MemoVerifier _verifier = new();
    private readonly List<string> _violations = [];
    private readonly Dictionary<ulong, (Hash256 Block, Hash256 StateRoot)> _committed = []; // lookup only
    private readonly List<long> _latencies = [];
    private long _seq;
    private long _events;
    private ulong _trace = 0xcbf29ce484222325UL;
    private ulong? _heightAtGst;
    private long? _livenessReachedAt;
    private int _equivocations;
    private int _forgedProposals;
    private int _maxRound;
    private readonly HashSet<Hash256> _evidenceCommitted = []; // lookup only

    public NodeSimulation(SimulationConfig config, ulong seed)
    {
        if (config.Validators is < 1 or > 128) throw new ArgumentException("1 to 128 validators");
        if (config.Byzantine * 3 >= config.Validators && config.Byzantine > 0) throw new ArgumentException("Byzantine validators must be under a third");
        _config = config;
        _seed = seed;
        _rng = new SplitMix64(seed);
        _consensusConfig = new ConsensusConfig(new TimeoutConfig(
            TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100),
            TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(50),
            TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(50)));
        Clock = new VirtualClock(EpochMs);
        var keys = SimKeys.Validators(config.Validators);
        var set = new ValidatorSet(keys.Select(k => new Validator(k.PublicKey, Power)));
        // Node i is validator i of the sorted set.
        keys = set.Validators.Select(v => keys.Single(k => k.PublicKey == v.PublicKey)).ToArray();
        _clients = SimKeys.Clients(ClientCount);
        var balances = _clients.Select(c => (c.Address, (UInt128)1_000_000_000_000_000UL)).OrderBy(b => b.Address).ToList();
        _genesis = new GenesisConfig(ChainId, EpochMs - 1_000, ChainParameters.Default, set, balances);
        var plan = _rng.Fork();
        var byzantine = new HashSet<int>();
        while (byzantine.Count < config.Byzantine) byzantine.Add(plan.NextInt(config.Validators));
        Nodes = new WholeNode[config.Validators];
        for (var i = 0; i < config.Validators; i++)
        {
            ByzantineBehavior? behavior = byzantine.Contains(i) ? config.Behaviors[plan.NextInt(config.Behaviors.Length)] : null;
            var skew = 1 + (plan.NextDouble() * 2 - 1) * config.ClockSkew;
            Nodes[i] = new WholeNode(i, keys[i], behavior, skew);
        }
        _nextNonce = new ulong[_clients.Length];
        PlanFaults(plan);
    }

    public VirtualClock Clock { get; }
    public long Now => Clock.NowMs;
    public WholeNode[] Nodes { get; }

    public void Schedule(long at, NodeEvent ev) => _queue.Enqueue(ev, (at, _seq++));

    public SimulationResult Execute()
    {
        foreach (var node in Nodes) Boot(node);
        Schedule(ClientPeriodMs, new ClientWake());
        var hardDeadline = _config.GstMs + _config.LivenessBoundMs;
        while (_queue.TryDequeue(out var ev, out var at))
        {
            Clock.NowMs = at.Time;
            if (_heightAtGst is null && Now >= _config.GstMs) _heightAtGst = MinHonestHeight();
            if (Now > hardDeadline) break;
            _events++;
            Dispatch(ev);
            if (Done()) break;
        }
        _heightAtGst ??= MinHonestHeight();
        CheckEnd();
        return new SimulationResult
        {
            Config = _config,
            Seed = _seed,
            Violations = _violations,
            TraceHash = _trace,
            VirtualTimeMs = Now,
            MinHonestHeight = (long)MinHonestHeight(),
            Events = _events,
            Equivocations = _equivocations,
            EquivocationsDetected = _evidenceCommitted.Count,
            Slashed = _evidenceCommitted.Count,
            CommitLatenciesMs = _latencies,
            MaxRound = _maxRound,
            NodeStates = [$"network: {_equivocations} equivocating votes, {_forgedProposals} forged proposals, {_ackOrder.Count} transfers acknowledged",
                .. Nodes.Select(Describe)],
        };
    }

    private string Describe(WholeNode n)
    {
        var m = n.Jobs?.Consensus.Consensus?.Machine;
        var state = m is null ? "down or silent" : $"h={m.Height} r={m.Round} {m.Step} locked={m.LockedRound} valid={m.ValidRound}";
        return $"node {n.Index} {(n.Honest ? "honest" : n.Behavior.ToString())} up={n.Up} inc={n.Incarnation} chain={n.Height} {state} " +
               $"mempool={n.Chain?.Mempool.Count} wal={n.Wal.Count}";
    }

    private void Mix(ulong x)
    {
        unchecked
        {
            _trace ^= x;
            _trace *= 0x100000001b3UL;
            _trace ^= _trace >> 29;
        }
    }

    private void Dispatch(NodeEvent ev)
    {
        Mix((ulong)Now);
        switch (ev)
        {
            case NodeWork w:
                var node = Nodes[w.Node];
                if (!node.Up || node.Incarnation != w.Incarnation) return;
                Mix(0x1000 | (ulong)w.Node);
                Run(node, w.Action);
                break;
            case WireMessage m: Deliver(m); break;
            case WireRequest r: Serve(r); break;
            case WireReply r: Complete(r); break;
            case NodeCrash c:
                Mix(0xC000 | (ulong)c.Node);
                Nodes[c.Node].Crash();
                break;
            case NodeRestart r:
                Mix(0xE000 | (ulong)r.Node);
                Boot(Nodes[r.Node]);
                break;
            case NetworkPartition p:
                Mix(p.Side is null ? 0xAAUL : 0xBBUL);
                Repartition(p.Side);
                break;
            case ClientWake:
                ClientTick();
                break;
        }
    }

    /// <summary>Runs a node's work; an exception out of the real jobs is a bug, reported as a violation.</summary>
    private void Run(WholeNode node, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _violations.Add($"node {node.Index} threw at {Now} ms: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Boot(WholeNode node)
    {
        if (node.Behavior == ByzantineBehavior.Silent) return;
        node.Boot(this, ctx => [L1Service.Start(ctx, _genesis, _consensusConfig, BlockInterval, _verifier)]);
        if (node.Behavior == ByzantineBehavior.Equivocate) node.Network!.Tamper = Equivocate(node);
        if (node.Behavior == ByzantineBehavior.InvalidProposals) node.Network!.Tamper = ForgeProposals(node);
        if (node.Honest) node.Chain!.BlockCommitted += (block, _) => OnCommitted(node, block);
        foreach (var peer in Nodes)
        {
            if (peer == node || !peer.Up || peer.Network is null || !Connected(node.Index, peer.Index)) continue;
            peer.Network.Connected(InfoOf(node));
            node.Network!.Connected(InfoOf(peer));
        }
    }

    private void OnCommitted(WholeNode node, Block block)
    {
        var h = block.Height;
        Mix(0xDEC0 | (ulong)node.Index);
        Mix(h);
        var root = node.Chain!.StateAt(h).Root;
        if (_committed.TryGetValue(h, out var first))
        {
            if (first.Block != block.Hash) _violations.Add($"agreement: node {node.Index} committed {block.Hash} at height {h}, another honest node {first.Block}");
            else if (first.StateRoot != root) _violations.Add($"state: node {node.Index} has state root {root} at height {h}, another honest node {first.StateRoot}");
        }
        else
        {
            _committed[h] = (block.Hash, root);
        }
        _maxRound = Math.Max(_maxRound, (int)(node.Chain.Store.GetCommit(h)?.Round ?? 0));
        foreach (var tx in block.Transactions) _included.Add(tx.Hash);
        foreach (var e in block.Evidence) _evidenceCommitted.Add(e.Hash);
        if (Now >= _config.GstMs) _latencies.Add(Now - (long)(block.Header.TimeMs - (ulong)EpochMs));
    }
}
