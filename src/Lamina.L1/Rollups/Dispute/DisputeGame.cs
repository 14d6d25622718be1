using Lamina.Core;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The bisection game over one L2 block's execution, pure and deterministic: the L1 module feeds it moves with the
/// sender, the bond paid and the block header's time, and holds the bonds. The root claim is the disputed final point
/// (trace index 2^MaxDepth − 1); <see cref="AbsolutePrestate"/> (the parent's state root and the block's transaction
/// list) and <see cref="Context"/> (from the rollup's registration and the block's L1 origin) are fixed at creation.
/// </summary>
/// <remarks>
/// All against all, as in OP Stack's FaultDisputeGame: anyone may counter any claim, any number of times with
/// different commitments, each counter locking the bond for its depth. Clocks are per path: a claim's counterers may
/// move while their side's time on that path (the clock of the claim's parent plus the time since the claim) is below
/// <see cref="DisputeGameConfig.MaxClockMs"/>, so every honest claim runs on its own clock and a liar's extra claims
/// cost the honest side no time elsewhere. Every path ends at most 2·MaxClock + (MaxDepth + 1)·Extension after the
/// root (<see cref="ResolutionBoundMs"/>): each side's time on a path is capped, and an extension gives back at most
/// one extension per own move.
/// </remarks>
public sealed class DisputeGame
{
    private readonly List<DisputeClaim> _claims = [];
    private readonly HashSet<(int Parent, GamePosition Position, Hash256 Commitment)> _made = [];
    private readonly ulong _rootCounterClockMs;
    private ulong _lastMs;

    /// <summary>
    /// A game whose root claim was made at <paramref name="nowMs"/>. As a subgame of an <see cref="OutputDisputeGame"/>
    /// the root continues a path begun above it: <paramref name="rootClockMs"/> is the time its side had used on that
    /// path, <paramref name="rootCounterClockMs"/> the time the other side had used (both 0 for a game of its own).
    /// </summary>
    public DisputeGame(DisputeGameConfig config, OptimisticRuleContext context, ExecutionPoint absolutePrestate, Hash256 rootCommitment, Address proposer, ulong nowMs,
        ulong rootClockMs = 0, ulong rootCounterClockMs = 0, bool maskedList = false)
    {
        MaskedList = maskedList;
        if (config.Problem() is { } problem) throw new ArgumentException(problem, nameof(config));
        Config = config;
        Context = context;
        AbsolutePrestate = absolutePrestate;
        _lastMs = nowMs;
        _rootCounterClockMs = rootCounterClockMs;
        _claims.Add(new DisputeClaim(0, -1, GamePosition.Root, rootCommitment, proposer, config.BondAt(0), rootClockMs, nowMs));
    }

    public DisputeGameConfig Config { get; }
    public OptimisticRuleContext Context { get; }
    public ExecutionPoint AbsolutePrestate { get; }

    /// <summary>The list is one L1 derived: each leaf carries its mask bit (<see cref="ExecutionStep.Next"/>).</summary>
    public bool MaskedList { get; }
    public IReadOnlyList<DisputeClaim> Claims => _claims;
    public DisputeResolution? Resolution { get; private set; }

    /// <summary>No path of the game can stay open longer than this after the root claim.</summary>
    public ulong ResolutionBoundMs => checked(2 * Config.MaxClockMs + (ulong)(Config.MaxDepth + 1) * Config.ExtensionMs);

    /// <summary>Applies one move; returns the new claim's index, or −1 for a step (it counters, it adds no claim).</summary>
    public int Apply(DisputeMove move, Address mover, UInt128 bond, ulong nowMs) => move.Kind switch
    {
        DisputeMoveKind.Attack => Bisect(move.ParentIndex, attack: true, move.Commitment, mover, bond, nowMs),
        DisputeMoveKind.Defend => Bisect(move.ParentIndex, attack: false, move.Commitment, mover, bond, nowMs),
        DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend => Step(move.ParentIndex, move.Kind == DisputeMoveKind.StepAttack, move.Step!, mover, nowMs),
        _ => throw new InvalidDisputeMoveException(DisputeError.WrongDepth, $"a {move.Kind} move belongs to the block level of an output game, not to a block's execution"),
    };

    /// <summary>True once no claim can be countered any more at <paramref name="nowMs"/>.</summary>
    public bool Resolvable(ulong nowMs)
    {
        foreach (var claim in _claims)
            if (CounterClockMs(claim, nowMs) < Config.MaxClockMs) return false;
        return true;
    }

    public int Attack(uint parent, Hash256 commitment, Address mover, UInt128 bond, ulong nowMs) => Bisect(parent, true, commitment, mover, bond, nowMs);

    public int Defend(uint parent, Hash256 commitment, Address mover, UInt128 bond, ulong nowMs) => Bisect(parent, false, commitment, mover, bond, nowMs);

    /// <summary>The time the side countering <paramref name="claim"/> has used on its path at <paramref name="nowMs"/>.</summary>
    public ulong CounterClockMs(DisputeClaim claim, ulong nowMs)
    {
        var before = claim.IsRoot ? _rootCounterClockMs : _claims[claim.ParentIndex].ClockMs;
        return checked(before + (nowMs - claim.CreatedMs));
    }

    private int Bisect(uint parentIndex, bool attack, Hash256 commitment, Address mover, UInt128 bond, ulong nowMs)
    {
        var parent = Counterable(parentIndex, nowMs, out var used);
        if (parent.Position.Depth >= Config.MaxDepth)
            throw new InvalidDisputeMoveException(DisputeError.WrongDepth, $"claim {parentIndex} is at the maximum depth: only a step counters it");
        var position = attack ? parent.Position.Attack() : parent.Position.Defend();
        var required = Config.BondAt(position.Depth);
        if (bond != required) throw new InvalidDisputeMoveException(DisputeError.BondMismatch, $"a claim at depth {position.Depth} locks {required}, got {bond}");
        if (!_made.Add(((int)parentIndex, position, commitment)))
            throw new InvalidDisputeMoveException(DisputeError.DuplicateClaim, $"claim {parentIndex} already has this {(attack ? "attack" : "defence")}");
        // The extension: a side moving with less than one extension left gets exactly one extension for its next move.
        var clock = Math.Min(used, Config.MaxClockMs - Config.ExtensionMs);
        var claim = new DisputeClaim(_claims.Count, (int)parentIndex, position, commitment, mover, bond, clock, nowMs);
        _claims.Add(claim);
        _lastMs = nowMs;
        return claim.Index;
    }

    private int Step(uint parentIndex, bool attack, StepProof proof, Address mover, ulong nowMs)
    {
        var parent = Counterable(parentIndex, nowMs, out _);
        if (parent.Position.Depth != Config.MaxDepth)
            throw new InvalidDisputeMoveException(DisputeError.WrongDepth, $"claim {parentIndex} is at depth {parent.Position.Depth}, a step needs {Config.MaxDepth}");
        if (parent.SteppedBy is not null) throw new InvalidDisputeMoveException(DisputeError.AlreadyStepped, $"claim {parentIndex} was already stepped");
        var index = parent.Position.TraceIndex(Config.MaxDepth);
        Hash256 preCommitment, postCommitment;
        bool parentPostAgree;
        if (attack)
        {
            preCommitment = index == 0 ? AbsolutePrestate.Commitment : TraceAncestor(parent, index - 1).Commitment;
            postCommitment = parent.Commitment;
            parentPostAgree = true;
        }
        else
        {
            if (index + 1 >= Config.TraceLength) throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, "the last trace point has no successor to defend towards");
            preCommitment = parent.Commitment;
            var post = TraceAncestor(parent, index + 1);
            postCommitment = post.Commitment;
            parentPostAgree = (parent.Position.Depth - post.Position.Depth) % 2 == 0;
        }
        if (proof.Pre.Commitment != preCommitment)
            throw new InvalidDisputeMoveException(DisputeError.PreStateMismatch, $"the opened pre-state is not the agreed point before trace index {index}");
        var result = ExecutionStep.Next(proof, Context, MaskedList);
        var valid = result.Commitment == postCommitment;
        // A valid transition into a point the claim's side asserts (or an invalid one into a point the other side
        // asserts) confirms the claim; only the opposite counters it.
        if (valid == parentPostAgree)
            throw new InvalidDisputeMoveException(DisputeError.StepDoesNotCounter, $"the step confirms claim {parentIndex}: L1's one step executes transaction {proof.Pre.Cursor} from the agreed pre-state {proof.Pre.StateRoot} to state {result.StateRoot} (all applied: {result.AllApplied}), which {(valid ? "is" : "is not")} the point at trace index {(attack ? index : index + 1)}");
        parent.SteppedBy = mover;
        _lastMs = nowMs;
        return -1;
    }

    /// <summary>The claim a move counters, once the game is open, time has not gone back and the counterers' clock allows it.</summary>
    internal DisputeClaim Counterable(uint parentIndex, ulong nowMs, out ulong used)
    {
        if (Resolution is not null) throw new InvalidDisputeMoveException(DisputeError.GameOver, "the game is resolved");
        if (nowMs < _lastMs) throw new InvalidDisputeMoveException(DisputeError.TimeRegressed, $"time {nowMs} is before {_lastMs}");
        if (parentIndex >= (uint)_claims.Count) throw new InvalidDisputeMoveException(DisputeError.UnknownClaim, $"no claim {parentIndex}");
        var parent = _claims[(int)parentIndex];
        used = CounterClockMs(parent, nowMs);
        if (used >= Config.MaxClockMs)
            throw new InvalidDisputeMoveException(DisputeError.ClockExpired, $"claim {parentIndex} can no longer be countered: its counterers used {used} ms of {Config.MaxClockMs}");
        return parent;
    }

    /// <summary>The claim on the path from <paramref name="from"/> to the root that commits to <paramref name="traceIndex"/>.</summary>
    internal DisputeClaim TraceAncestor(DisputeClaim from, ulong traceIndex)
    {
        for (var claim = from; ; claim = _claims[claim.ParentIndex])
        {
            if (claim.Position.TraceIndex(Config.MaxDepth) == traceIndex) return claim;
            if (claim.IsRoot) throw new InvalidDisputeMoveException(DisputeError.InvalidPosition, $"no claim on the path commits to trace index {traceIndex}");
        }
    }

    /// <summary>
    /// Resolves the game bottom-up once no claim can be countered any more (every claim's counterers are out of time).
    /// </summary>
    public DisputeResolution Resolve(ulong nowMs)
    {
        if (Resolution is not null) return Resolution;
        if (nowMs < _lastMs) throw new InvalidDisputeMoveException(DisputeError.TimeRegressed, $"time {nowMs} is before {_lastMs}");
        foreach (var claim in _claims)
            if (CounterClockMs(claim, nowMs) < Config.MaxClockMs)
                throw new InvalidDisputeMoveException(DisputeError.NotResolvable, $"claim {claim.Index} can still be countered");

        var count = _claims.Count;
        var countered = new bool[count];
        var counteredBy = new Address[count];
        var leftmost = new int[count];
        Array.Fill(leftmost, -1);
        // Children always come after their parent, so one pass from the end resolves every subtree before its parent.
        for (var i = count - 1; i >= 0; i--)
        {
            var claim = _claims[i];
            if (claim.SteppedBy is { } stepper)
            {
                countered[i] = true;
                counteredBy[i] = stepper;
            }
            else if (leftmost[i] >= 0)
            {
                countered[i] = true;
                counteredBy[i] = _claims[leftmost[i]].Claimant;
            }
            if (!countered[i] && !claim.IsRoot)
            {
                var p = claim.ParentIndex;
                if (leftmost[p] < 0 || claim.Position.IndexAtDepth <= _claims[leftmost[p]].Position.IndexAtDepth) leftmost[p] = i;
            }
        }
        var payouts = new (Address, UInt128)[count];
        for (var i = 0; i < count; i++) payouts[i] = (countered[i] ? counteredBy[i] : _claims[i].Claimant, _claims[i].Bond);
        Resolution = new DisputeResolution(countered[0] ? DisputeOutcome.ChallengerWins : DisputeOutcome.DefenderWins, countered, payouts);
        return Resolution;
    }
}
