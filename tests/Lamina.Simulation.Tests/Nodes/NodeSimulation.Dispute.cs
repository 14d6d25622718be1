using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.L1Client;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The optimistic rollup's dispute game in the whole-node simulation (<see cref="DisputeScenario"/>): the real L1
/// rollups module runs in every node's chain (registered at genesis with dispute clocks of
/// <see cref="DisputeClockSeconds"/> s and <see cref="DisputeExtensionSeconds"/> s extensions), and every party's
/// action is a real signed L1 transaction. The sequencer deposits and posts the outputs of the true chain
/// (<see cref="SimL2Chain"/>) or lies per its fault and defends the lie with the solver; the honest challenger is the
/// real <see cref="ChallengerAgent"/> over the true chain; the liars play all-vs-all in the same games. Parties read L1
/// through the real <see cref="ClientDisputeL1"/> over the nodes' JSON-RPC. The invariants are in
/// <c>NodeSimulation.DisputeChecks.cs</c>, the send path in <c>NodeSimulation.DisputeSend.cs</c>.
/// </summary>
internal sealed partial class NodeSimulation
{
    internal const ulong DisputeRollupId = 7, DisputeL2ChainId = 77, DisputeClockSeconds = 30, DisputeExtensionSeconds = 10, ChallengeWindowSeconds = 8;

    /// <summary>
    /// The registered sequencing window (L1 blocks of 250 ms): batches have half of it to land after their origin, else
    /// derivation builds the blocks itself. 50 s, so a batch delayed by the faulty network still lands in time.
    /// </summary>
    internal const ulong SequencingWindowBlocks = 400;
    internal static readonly UInt128 ProposerBond = 1_000_000_000;
    private const int L2Blocks = 9, OutputEvery = 3;
    private static readonly SigningKey[] DisputeKeys = [.. Enumerable.Range(0, DisputeScenario.MaxLiars + 4).Select(i => SigningKey.FromSeed([.. BitConverter.GetBytes(20_000UL + (ulong)i), .. new byte[24]]))];

    private readonly DisputeScenario? _dispute;
    private readonly List<DisputeParty> _parties = [];
    private RollupConfig _rollup;
    private SimL2Chain? _l2;
    private OptimisticOutput? _wrongRoot; // the WrongRoot fault's one lie
    private BadTransitionFault? _badTransition;
    private ulong _badTransitionOutput; // the L2 block whose output the fault strikes
    private SplitMix64 _chainRng = null!;
    private readonly List<Action<SimL2Chain>> _onChain = [];
    private readonly HashSet<ulong> _sequencerPosted = []; // lookup only: L2 blocks the sequencer proposed
    private long[] _outputPostAt = [];
    private bool _disputeDone;
    private string _disputeOutcome = "not finished";

    private static IEnumerable<(Address Address, UInt128 Amount)> DisputeBalances() => DisputeKeys.Select(k => (k.Address, (UInt128)1_000_000_000_000_000_000UL));

    /// <summary>
    /// The rollup as genesis registers it: free L2 fees, the sequencer's key as batch poster, and the devnet's dispute
    /// clocks (30 s a side, 10 s extensions): the extension is what the honest side lives on once its clock is spent, so
    /// it must exceed its time per move: with its moves pipelined (every claim waiting for it answered in the same
    /// batch, most urgent first), about one message delay and one or two L1 blocks, whatever the number of liars.
    /// </summary>
    internal static RollupConfig DisputeRollup() => new(DisputeRollupId, DisputeL2ChainId, L2Rollup.GenesisOutputRoot, ProposerBond, ChallengeWindowSeconds, SequencingWindowBlocks,
        DisputeKeys[0].Address, default, DisputeClockSeconds, DisputeExtensionSeconds);

    private void PlanDispute(SplitMix64 plan)
    {
        if (_dispute is null) return;
        _rollup = DisputeRollup();
        _chainRng = plan.Fork();
        var outputs = L2Blocks / OutputEvery;
        _outputPostAt = [.. Enumerable.Range(0, outputs).Select(k => 1_500 + k * 1_000 + plan.NextLong(0, 500))];
        var sequencer = AddParty("sequencer", DisputeRole.Sequencer, 0, 200);
        sequencer.Tick = () => SequencerTick(sequencer);
        var honest = AddParty("challenger", DisputeRole.Honest, 1, 200);
        var proposer = AddParty("proposer", DisputeRole.Proposer, 2, 300);
        proposer.Tick = () => ProposerTick(proposer);
        // Everything that plays the chain is made once the sequencer has built it (its origin is where its deposits
        // landed); what each party does is drawn now, so a seed plans the same run whatever the timing.
        switch (_dispute.Sequencer)
        {
            case SequencerFault.WrongRoot:
                var block = (ulong)(OutputEvery * (1 + plan.NextInt(outputs)));
                var flip = plan.NextInt(Hash256.Size);
                var wrongDefender = AddDefender();
                _onChain.Add(l2 =>
                {
                    var flipped = l2.Output(block).StateRoot.ToArray();
                    flipped[flip] ^= 0xFF;
                    _wrongRoot = l2.Output(block) with { StateRoot = new Hash256(flipped) };
                    SetAgent(wrongDefender, new LyingDerivedHistory(new LyingOutputHistory(l2.Block, () => _wrongRoot), l2.Derived));
                });
                break;
            case SequencerFault.BadTransition:
                // The devnet's fault (lamina devnet --l2-fault bad-transition): it strikes a seeded transaction of the
                // range of the output drawn here, and defends the faulty history it then holds.
                var seed = plan.NextU64();
                _badTransitionOutput = (ulong)(OutputEvery * (1 + plan.NextInt(outputs)));
                var badDefender = AddDefender();
                _onChain.Add(l2 =>
                {
                    _badTransition = new BadTransitionFault(seed, DisputeLedger.RuleContext(_rollup), _ => l2.Fees, l2.Block);
                    SetAgent(badDefender, new LyingDerivedHistory(_badTransition.History, l2.Derived));
                });
                break;
        }
        for (var i = 0; i < _dispute.Liars; i++)
        {
            // The first liar always disputes correct roots; the rest are a seeded mix of lying challengers, freeloaders and
            // garbage, and the node role's own lie and freeload faults (LyingChallenger, Freeloader).
            var role = i == 0 ? DisputeRole.Lie : (DisputeRole)((int)DisputeRole.Lie + plan.NextInt(5));
            var liar = AddParty($"liar-{i}-{role.ToString().ToLowerInvariant()}", role, 4 + i, plan.NextLong(150, 600));
            if (role == DisputeRole.Lie)
            {
                var from = (ulong)plan.NextLong(1, L2Blocks);
                var tx = plan.NextU64();
                var salt = 0x1000 + (ulong)i;
                _onChain.Add(l2 => SetAgent(liar, new LyingDerivedHistory(new SimLyingHistory(l2, from, (uint)(tx % (ulong)l2.Block(from)!.Transactions.Count), salt), l2.Derived)));
            }
            else if (role == DisputeRole.RoleLie)
            {
                _onChain.Add(l2 =>
                {
                    // Given its node's derivation as the role's is (ClientChallenger), so it descends into derived lists too.
                    var lying = new LyingChallenger(L1For(liar), l2.Block, () => (ulong)L2Blocks, _rollup, liar.Address, truth: l2.Derived);
                    liar.Tick = () => lying.TickAsync(CancellationToken.None);
                });
            }
            else if (role == DisputeRole.RoleFreeload)
            {
                _onChain.Add(l2 =>
                {
                    var freeloader = new Freeloader(L1For(liar), l2.Derived, () => (ulong)L2Blocks, _rollup, liar.Address);
                    liar.Tick = () => freeloader.TickAsync(CancellationToken.None);
                });
            }
            else
            {
                var rng = plan.Fork();
                var freeload = role == DisputeRole.Freeload;
                _onChain.Add(l2 =>
                {
                    var player = new RandomDisputePlayer(this, liar, _rollup, l2, rng, freeload);
                    liar.Tick = player.TickAsync;
                });
            }
        }
        SetHonest(honest);
        foreach (var party in _parties)
        {
            party.HomeNode = plan.NextInt(_config.Validators);
            Schedule(200 + plan.NextLong(0, 300), new DisputeTick(party.Index, party.Incarnation));
        }
        if (_dispute.ChallengerCrash)
        {
            // Mid-game: games open from about 2 s on and take tens of seconds; down for 0.5 to 2.5 s.
            var at = 3_000 + plan.NextLong(0, 10_000);
            Schedule(at, new DisputePartyCrash(honest.Index));
            Schedule(at + plan.NextLong(500, 2_500), new DisputePartyRestart(honest.Index));
        }
    }

    /// <summary>The sequencer built the chain: every party that plays it starts.</summary>
    private void ChainBuilt(SimL2Chain l2)
    {
        _l2 = l2;
        foreach (var start in _onChain) start(l2);
    }

    private DisputeParty AddParty(string name, DisputeRole role, int key, long tickMs)
    {
        var party = new DisputeParty(_parties.Count, name, role, DisputeKeys[key], tickMs) { Tick = () => Task.FromResult(0) };
        _parties.Add(party);
        return party;
    }

    private DisputeParty AddDefender() => AddParty("defender", DisputeRole.Defender, 3, 250);

    /// <summary>
    /// The honest challenger as the node's <c>challenger</c> role runs it (<c>ClientChallenger</c>): a verifier deriving
    /// the chain from L1 and DA over its node's JSON-RPC with the real derivation pipeline (blobs from da_getNamespaceData,
    /// proven against the data root), then a <see cref="ChallengerAgent"/> tick over the derived chain, whose records of
    /// each block's source give the openings of derived descents. A restart begins again from L1 alone.
    /// </summary>
    private void SetHonest(DisputeParty party)
    {
        party.Tick = async () =>
        {
            var rpc = RpcFor(party);
            var view = await rpc.GetRollupAsync(DisputeRollupId);
            var half = Math.Max(1, view.SequencingWindowBlocks / 2);
            var config = new L2Rollup(view.L2ChainId, view.RollupId, view.BatchPoster, view.BatchPoster, Math.Max(1, view.RegisteredAtHeight), half, half,
                DerivationRules.DefaultMaxSequencerDriftMs, DerivationRules.DefaultChannelTimeout, default, DelayBufferConfig.ForWindow(half));
            var verifier = new VerifierAgent(config, new ClientRollupL1Source(rpc, rpc, view));
            var agent = new ChallengerAgent(L1For(party), verifier.DisputeHistory(DisputeLedger.RuleContext(_rollup)), () => verifier.SafeNumber, _rollup, party.Address);
            party.Tick = async () =>
            {
                // One loop for both, as the role runs them: the agent never reads the store while derivation writes it.
                await verifier.SyncAsync(CancellationToken.None);
                return await agent.TickAsync(CancellationToken.None);
            };
            return await party.Tick();
        };
        party.Restart = () => SetHonest(party);
    }

    /// <summary>A challenger agent for the party's current process: nothing carried over but the key and the history it derives.</summary>
    private void SetAgent(DisputeParty party, IOutputHistory history)
    {
        party.Tick = () =>
        {
            // A liar's agent plays its lie as the node's fault modes do (LyingDefender): it leaves freeloaders' claims alone.
            var agent = new ChallengerAgent(L1For(party), history, () => (ulong)L2Blocks, _rollup, party.Address, lying: party.IsLiar);
            party.Tick = () => agent.TickAsync(CancellationToken.None);
            return agent.TickAsync(CancellationToken.None);
        };
        party.Restart = () => SetAgent(party, history);
    }

    /// <summary>The party's L1: reads over its home node's JSON-RPC (another live node while that one is down), sends through the simulation.</summary>
    internal IDisputeL1 L1For(DisputeParty party) => new SimDisputeL1(new ClientDisputeL1(RpcFor(party), party.Key, ChainId, DisputeRollupId), this, party);

    private LaminaRpcClient RpcFor(DisputeParty party) => new(new Uri($"http://{party.Name}.sim/"), new HttpClient(new SimRpcHandler(_ => ReadNode(party))));

    private WholeNode? ReadNode(DisputeParty party)
    {
        var home = Nodes[party.HomeNode];
        return home.Honest && home.Up && home.Chain is not null ? home : RandomHonestNode();
    }

    private void OnDisputeTick(DisputeTick t)
    {
        var party = _parties[t.Party];
        Mix(0x3D00 | (ulong)t.Party);
        if (!party.Up || party.Incarnation != t.Incarnation || _disputeDone) return;
        _ = RunTick(party, t.Incarnation);
    }

    /// <summary>One tick of a party's loop, awaited to its end (its sends complete in later events), then the next is scheduled.</summary>
    private async Task RunTick(DisputeParty party, int incarnation)
    {
        try
        {
            await party.Tick!();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A refused or timed-out send, or L1 unreachable: the loop notes it and tries again, as a node's loop does.
            party.TickErrors++;
            party.LastError = e.Message;
            if (party.Role is DisputeRole.Honest && e is InvalidDisputeMoveException m) _violations.Add($"dispute: the honest challenger's solver failed at {Now} ms: {m.Message}");
        }
        if (party.Up && party.Incarnation == incarnation) Schedule(Now + party.TickMs, new DisputeTick(party.Index, incarnation));
    }

    private void CrashParty(DisputePartyCrash c)
    {
        var party = _parties[c.Party];
        Mix(0x3D10 | (ulong)c.Party);
        if (!party.Up) return;
        party.Up = false;
        party.Incarnation++; // its tick in flight and the transactions it waits on die with it
        party.Crashes++;
    }

    private void RestartParty(DisputePartyRestart r)
    {
        var party = _parties[r.Party];
        Mix(0x3D11 | (ulong)r.Party);
        if (party.Up) return;
        party.Up = true;
        party.Restart?.Invoke();
        Schedule(Now, new DisputeTick(party.Index, party.Incarnation));
    }
}
