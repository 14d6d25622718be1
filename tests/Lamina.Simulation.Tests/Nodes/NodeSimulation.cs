using Lamina.Consensus;
using Lamina.Core;
using Lamina.L1.Blobs;
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

    /// <summary>A dispute run's L1 blocks come every 250 ms, as on the devnet: its games last tens of virtual seconds.</summary>
    private static readonly TimeSpan DisputeBlockInterval = TimeSpan.FromMilliseconds(250);

    private readonly SimulationConfig _config;
    private readonly RunLedger<NodeEvent> _ledger;
    private readonly SplitMix64 _rng;
    private readonly GenesisConfig _genesis;
    private readonly ConsensusConfig _consensusConfig;
    private readonly MemoVerifier _verifier = new();
    private readonly List<string> _violations;
    private readonly Dictionary<ulong, (Hash256 Block, Hash256 StateRoot)> _committed = []; // lookup only
    private int _equivocations;
    private int _forgedProposals;
    private readonly HashSet<Hash256> _evidenceCommitted = []; // lookup only

    public NodeSimulation(SimulationConfig config, ulong seed, DaScenario? da = null, ZkScenario? zk = null, DisputeScenario? dispute = null)
    {
        _dispute = dispute;
        // The ZK rollup needs blobs (its pubdata is one); withheld pubdata is the last validator withholding sidecars.
        if (zk is not null) da ??= new DaScenario(zk.WithholdPubdata ? DaFault.WithholdAll : null);
        if (zk is { WithholdPubdata: true } && da!.Fault is not DaFault.WithholdAll) throw new ArgumentException("withheld ZK pubdata needs the DA scenario's withholding validator");
        _da = da;
        _zk = zk;
        SimulationPlan.Validate(config);
        _config = config;
        // The client's wake-ups and the nodes' periodic ticks go on for ever; the watchdog looks past them.
        _ledger = new RunLedger<NodeEvent>(config, seed, ev => ev is ClientWake or ZkTick or DisputeTick or NodeWork { Periodic: true });
        _rng = _ledger.Rng;
        _violations = _ledger.Violations;
        _consensusConfig = SimulationPlan.Consensus();
        Clock = new VirtualClock(EpochMs, () => _ledger.Now);
        var keys = SimKeys.Validators(config.Validators);
        var set = new ValidatorSet(keys.Select(k => new Validator(k.PublicKey, Power)));
        // Node i is validator i of the sorted set.
        keys = set.Validators.Select(v => keys.Single(k => k.PublicKey == v.PublicKey)).ToArray();
        _clients = SimKeys.Clients(ClientCount);
        var balances = _clients.Select(c => (c.Address, (UInt128)1_000_000_000_000_000UL)).OrderBy(b => b.Address).ToList();
        if (da is not null) balances = [.. balances.Append((Attacker.Address, (UInt128)1_000_000_000_000_000UL)).OrderBy(b => b.Address)];
        if (zk is not null) balances = [.. balances.Append((ZkOperatorL1Key.Address, (UInt128)1_000_000_000_000_000UL)).Append((ZkUserL1Key.Address, (UInt128)1_000_000_000_000_000UL)).OrderBy(b => b.Address)];
        // The optimistic rollups module needs blobs (batches are blobs); the dispute run registers its rollup at genesis.
        if (dispute is not null) balances = [.. balances.Concat(DisputeBalances()).OrderBy(b => b.Address)];
        _genesis = new GenesisConfig(ChainId, EpochMs - 1_000, ChainParameters.Default, set, balances, blobs: da is null && dispute is null ? null : BlobParameters.Default,
            rollups: dispute is null ? null : [DisputeRollup()], derivedRollupLists: dispute is { HeaderLists: false });
        var plan = _rng.Fork();
        var drawn = SimulationPlan.Nodes(config, plan);
        Nodes = new WholeNode[config.Validators];
        for (var i = 0; i < config.Validators; i++)
        {
            var fault = da?.Fault is { } f && i == config.Validators - 1 ? f : (DaFault?)null;
            if (fault is not null && drawn[i].Behavior is not null) throw new ArgumentException("a DA scenario's config must draw no Byzantine node of its own");
            Nodes[i] = new WholeNode(i, keys[i], drawn[i].Behavior, drawn[i].Skew) { DaFault = fault };
        }
        _nextNonce = new ulong[_clients.Length];
        PlanFaults(plan);
        PlanZk(plan);
        PlanDispute(plan);
        if (da is not null) StartLightNodes();
    }

    public VirtualClock Clock { get; }
    public long Now => _ledger.Now;
    public WholeNode[] Nodes { get; }

    public void Schedule(long at, NodeEvent ev) => _ledger.Schedule(at, ev);

    public SimulationResult Execute()
    {
        foreach (var node in Nodes) Boot(node);
        Schedule(ClientPeriodMs, new ClientWake());
        _ledger.Run(MinHonestHeight, Dispatch, () => Done() || Stalled());
        CheckEnd();
        CheckZkEnd();
        CheckDisputeEnd();
        if (_da is not null) CheckDaStores();
        return _ledger.Result(MinHonestHeight(), _equivocations, _evidenceCommitted.Count, _evidenceCommitted.Count,
            [$"network: {_equivocations} equivocating votes, {_forgedProposals} forged proposals, {_ackOrder.Count} transfers acknowledged",
                .. Nodes.Select(Describe), .. (_da is null ? Array.Empty<string>() : [DescribeAvailability(), DescribeSampling()]), .. (_zk is null ? Array.Empty<string>() : [DescribeZk()]), .. DescribeDispute()]);
    }

    /// <summary>
    /// The watchdog (<see cref="RunLedger{TEvent}.CheckStall"/>): quiet when no node has a timer, message, request or
    /// restart pending (only periodic ticks and the client); stuck when two quiet moments, with every live honest node
    /// having surely re-sent its messages in between (two re-send ticks at one height), find the same consensus state.
    /// </summary>
    private bool Stalled() => _ledger.CheckStall(Fingerprint, EveryNodeResentSince, MinHonestHeight);

    private bool EveryNodeResentSince(long since)
    {
        foreach (var n in Nodes)
        {
            if (n.Honest && n.Up && n.ResendTicks.Previous <= since) return false;
        }
        return true;
    }

    private string Fingerprint()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var n in Nodes)
        {
            if (n.Honest && n.Jobs?.Consensus.Consensus?.Machine is { } m) RunLedger<NodeEvent>.AppendFingerprint(sb, n.Index, n.Height, m);
        }
        return sb.ToString();
    }

    private string Describe(WholeNode n)
    {
        var m = n.Jobs?.Consensus.Consensus?.Machine;
        var state = m is null ? "down or silent" : $"h={m.Height} r={m.Round} {m.Step} locked={m.LockedRound} valid={m.ValidRound}";
        return $"node {n.Index} {(n.Honest ? "honest" : n.Behavior.ToString())} up={n.Up} inc={n.Incarnation} chain={n.Height} {state} " +
               $"mempool={n.Chain?.Mempool.Count} wal={n.Wal.Count}";
    }

    private void Mix(ulong x) => _ledger.Mix(x);

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
                if (!Nodes[r.Node].Up) Boot(Nodes[r.Node]); // two faults may have crashed the same node
                break;
            case LightSample s:
                Sample(s);
                break;
            case NetworkPartition p:
                Mix(p.Side is null ? 0xAAUL : 0xBBUL);
                Repartition(p.Side);
                break;
            case ClientWake:
                ClientTick();
                break;
            case ZkTick:
                OnZkTick();
                break;
            case ZkProofDone d:
                OnZkProofDone(d);
                break;
            case ZkOperatorCrash:
                CrashZkOperator();
                break;
            case ZkOperatorRestart:
                RestartZkOperator();
                break;
            case DisputeTick t:
                OnDisputeTick(t);
                break;
            case DisputeSubmit s:
                OnDisputeSubmit(s);
                break;
            case DisputeWake w:
                OnDisputeWake(w);
                break;
            case DisputePartyCrash c:
                CrashParty(c);
                break;
            case DisputePartyRestart r:
                RestartParty(r);
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
        node.Boot(this, ctx =>
        {
            var l1 = L1Service.Start(ctx, _genesis, _consensusConfig, _dispute is null ? BlockInterval : DisputeBlockInterval, _verifier);
            // A dispute run's challenger derives the rollup from L1 and DA: its nodes serve the batch blobs (da_getNamespaceData).
            return _da is null && _dispute is null ? [l1] : [l1, DaService.Start(ctx, l1)];
        });
        if (node.Behavior == ByzantineBehavior.Equivocate) node.Network!.Tamper = Equivocate(node);
        if (node.Behavior == ByzantineBehavior.InvalidProposals) node.Network!.Tamper = ForgeProposals(node);
        if (_da is not null) WatchAvailability(node);
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
            if (_dispute is not null) DisputeCommitted(block);
        }
        _ledger.ObserveRound((int)(node.Chain.Store.GetCommit(h)?.Round ?? 0));
        foreach (var tx in block.Transactions) _included.Add(tx.Hash);
        foreach (var e in block.Evidence) _evidenceCommitted.Add(e.Hash);
        if (_da is not null) ScheduleSamples(node, block);
        if (Now >= _config.GstMs) _ledger.CommitLatenciesMs.Add(Now - (long)(block.Header.TimeMs - (ulong)EpochMs));
    }
}
