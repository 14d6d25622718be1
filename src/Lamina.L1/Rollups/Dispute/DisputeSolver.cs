using Lamina.Core;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>A move the solver would make, with the bond it locks.</summary>
public sealed record SolverMove(DisputeMove Move, UInt128 Bond);

/// <summary>
/// OP Stack's honest solver over both levels of an <see cref="OutputDisputeGame"/>, stateless (everything it needs is
/// in the game, so a challenger restarted mid-game picks up from L1's record). It counters the root if it is wrong
/// and every claim that counters a claim it stands behind (its own, or the true root), never a claim it does not
/// need to: attacking a wrong value and defending a right one; at the last block level it descends (revealing the
/// post header first when the descent supports it) or clamps; against a descent it first reveals the post header it
/// holds (that alone refutes a descent on another list or one the header confirms), else bisects; at the bottom it
/// steps. A claim it already answered (its own child, a step or clamp, a refuting reveal) is left alone.
/// </summary>
public static class DisputeSolver
{
    /// <summary>
    /// The moves <paramref name="me"/> makes now, in the order they must be applied. With
    /// <paramref name="counterFreeloaders"/> (the honest challenger) it also counters wrong claims made against an
    /// opponent's main-line claim by others (<see cref="IsFreeloader"/>); a liar playing its lie leaves them alone.
    /// </summary>
    public static List<SolverMove> NextMoves(OutputDisputeGame game, IOutputHistory view, Address me, bool counterFreeloaders = false)
    {
        var moves = new List<SolverMove>();
        var count = game.ClaimCount;
        var supports = new bool[count];
        var needs = new bool[count];
        var answered = new bool[count];
        var opposing = new bool[count];
        // Claims come after their parents, so one pass decides, in order, which claims this party must counter and
        // which it stands behind: its own, the true root, and a claim someone else made that is exactly the answer it
        // would give (the game refuses a duplicate, so it stands behind that one instead).
        for (var g = 0; g < count; g++)
        {
            var claim = game.Claim(g);
            var parent = game.ParentOf(g);
            // A freeloader's claim counters an opponent's claim on the main line (one that counters a claim this party
            // stands behind); what others play beneath it is between them and is left alone.
            opposing[g] = claim.Claimant != me && (parent < 0 ? !IsTrue(game, view, g) : supports[parent]);
            var correct = parent < 0 ? IsTrue(game, view, g) : !supports[parent] && !(counterFreeloaders && opposing[parent] && IsFreeloader(game, view, g));
            needs[g] = claim.Claimant != me && !correct;
            supports[g] = claim.Claimant == me || (parent < 0 && IsTrue(game, view, g)) || (parent >= 0 && needs[parent] && IsMyAnswer(game, view, g, parent));
            if (parent >= 0 && supports[g]) answered[parent] = true;
        }
        var revealing = new HashSet<int>();
        for (var g = 0; g < count; g++)
        {
            var claim = game.Claim(g);
            if (!needs[g] || answered[g] || claim.SteppedBy is not null) continue;
            Counter(game, view, g, claim, moves, revealing);
        }
        return moves;
    }

    /// <summary>
    /// Whether claim <paramref name="g"/>, which counters a claim this party opposes (so it is on this party's side), is
    /// itself wrong: a freeloader's claim (OP Stack's complaint). Left standing it would take the bond of the claim it
    /// counters whenever it is left of this party's own answer, so it is countered like any wrong claim. Only claims
    /// whose value this party can judge on its own terms count: block-level claims (an output root per block) and the
    /// bisection claims of a subgame whose pre output it agrees with; a descent, and everything in a subgame built on
    /// an output it disputes, is left alone (its points are relative to a state this party does not hold).
    /// </summary>
    private static bool IsFreeloader(OutputDisputeGame game, IOutputHistory view, int g)
    {
        var (sub, local) = game.Locate(g);
        if (sub >= 0)
        {
            if (local == 0) return false;
            var subgame = game.Subgames[sub];
            if (subgame.PreClaim >= 0 && game.Blocks.Claims[subgame.PreClaim].Commitment != view.OutputRoot(game.BlockOf(game.Blocks.Claims[subgame.PreClaim]))) return false;
            if (PointOf(game, view, sub, game.Claim(g).Position.TraceIndex(subgame.Game.Config.MaxDepth)) is null) return false;
        }
        return !IsTrue(game, view, g) && LeftBoundHeld(game, view, g) && ClockToSpare(game, g);
    }

    /// <summary>
    /// Whether the clock this party would play on beneath freeloader claim <paramref name="g"/> still has at least half
    /// its time, at the newest moment the game proves. Countering a claim on this party's own side spends the clock of
    /// the other side's path (the liar's, which a slow liar may have nearly used up); started short, this party could
    /// run out there and lose what it bonded beneath the freeloader, which leaving it alone never costs.
    /// </summary>
    private static bool ClockToSpare(OutputDisputeGame game, int g)
    {
        var (sub, _) = game.Locate(g);
        var level = sub < 0 ? game.Blocks : game.Subgames[sub].Game;
        var now = Math.Max(game.LastMoveMs, game.Claim(g).CreatedMs);
        return level.CounterClockMs(game.Claim(g), now) <= level.Config.MaxClockMs / 2;
    }

    /// <summary>
    /// Whether the point an attack on claim <paramref name="g"/> agrees with (its left bound: the path's claim at the
    /// trace index just before the attack, or the anchor) is one this party holds. On the main line it always is; under
    /// a freeloader's claim placed between two wrong claims it is not, and any claim this party adds there could be
    /// clamped or stepped against that wrong bound and lose its bond. Such a freeloader is left alone: its bracket holds
    /// no point this party can defend, and leaving it costs this party nothing it bonded.
    /// </summary>
    private static bool LeftBoundHeld(OutputDisputeGame game, IOutputHistory view, int g)
    {
        var (sub, _) = game.Locate(g);
        var claim = game.Claim(g);
        var level = sub < 0 ? game.Blocks : game.Subgames[sub].Game;
        var maxDepth = level.Config.MaxDepth;
        var index = claim.Position.Depth == maxDepth ? claim.Position.TraceIndex(maxDepth) : claim.Position.Attack().TraceIndex(maxDepth);
        if (index == 0) return true; // the anchor output, or the subgame's agreed pre-state
        DisputeClaim bound;
        try
        {
            bound = level.TraceAncestor(claim, index - 1);
        }
        catch (InvalidDisputeMoveException)
        {
            return false;
        }
        if (sub < 0) return bound.Commitment == view.OutputRoot(game.BlockOf(bound));
        return PointOf(game, view, sub, index - 1) is { } point && point.Commitment == bound.Commitment;
    }

    /// <summary>Whether claim <paramref name="g"/> is the answer this party would give to <paramref name="parent"/>.</summary>
    private static bool IsMyAnswer(OutputDisputeGame game, IOutputHistory view, int g, int parent)
    {
        var (sub, local) = game.Locate(g);
        var claim = game.Claim(g);
        var countered = game.Claim(parent);
        var attack = !IsTrue(game, view, parent);
        if (sub >= 0 && local == 0)
        {
            var subgame = game.Subgames[sub];
            if (subgame.Derived is { } derived)
                return subgame.Attack == attack && view is IDerivedOutputHistory history && history.Derivation(PostBlock(game, sub)) is { } mine
                    && mine.FinalStateRoot == derived.FinalStateRoot && mine.Mask.AsSpan().SequenceEqual(derived.Mask)
                    && (mine.Frames.Count == 0 ? derived.Result.Source.IsAuto : !derived.Result.Source.IsAuto && (mine.Frames[^1].BatchNumber, mine.Frames[^1].BlobPosition) == (derived.Result.Source.Batch, derived.Result.Source.Position));
            return subgame.Attack == attack && subgame.Opening.Final == view.Final(PostBlock(game, sub)) && subgame.Opening.Origin == view.Origin(PostBlock(game, sub));
        }
        if (countered.IsRoot && !attack) return false;
        var position = attack ? countered.Position.Attack() : countered.Position.Defend();
        return claim.Position == position && IsTrue(game, view, g);
    }

    public static bool IsTrue(OutputDisputeGame game, IOutputHistory view, int g)
    {
        var (sub, _) = game.Locate(g);
        var claim = game.Claim(g);
        if (sub < 0) return claim.Commitment == view.OutputRoot(game.BlockOf(claim));
        var point = PointOf(game, view, sub, claim.Position.TraceIndex(game.Config.Execution.MaxDepth));
        return point is { } p && p.Commitment == claim.Commitment;
    }

    /// <summary>This party's point at a trace index of subgame <paramref name="sub"/>: its own list's, or for a derived list the masked list's.</summary>
    private static ExecutionPoint? PointOf(OutputDisputeGame game, IOutputHistory view, int sub, ulong traceIndex)
    {
        var subgame = game.Subgames[sub];
        if (subgame.Derived is null) return view.Point(PostBlock(game, sub), traceIndex);
        return DerivedExecutionOf(game, view, sub) is { } execution ? execution.PointAt(subgame.Derived, traceIndex) : null;
    }

    private static DerivedExecution? DerivedExecutionOf(OutputDisputeGame game, IOutputHistory view, int sub) =>
        view is IDerivedOutputHistory history && history.Execution(PostBlock(game, sub)) is { } execution && execution.Covers(game.Subgames[sub].Derived!) ? execution : null;

    private static ulong PostBlock(OutputDisputeGame game, int sub) => game.BlockOf(game.Blocks.Claims[game.Subgames[sub].PostClaim]);

    private static void Counter(OutputDisputeGame game, IOutputHistory view, int g, DisputeClaim claim, List<SolverMove> moves, HashSet<int> revealing)
    {
        var (sub, local) = game.Locate(g);
        var attack = !IsTrue(game, view, g);
        if (sub < 0 && claim.Position.Depth < game.Config.BlockDepth)
        {
            var position = attack ? claim.Position.Attack() : claim.Position.Defend();
            var root = view.OutputRoot(game.BlockAt(position.TraceIndex(game.Config.BlockDepth)));
            moves.Add(new(attack ? DisputeMove.Attack((uint)g, root) : DisputeMove.Defend((uint)g, root), game.Config.BondAt(position.Depth)));
            return;
        }
        if (sub < 0)
        {
            AtSplit(game, view, g, claim, attack, moves, revealing);
            return;
        }
        var subgame = game.Subgames[sub];
        if (local == 0)
        {
            if (subgame.CounteredBy is not null) return;
            // A header revealed before this descent did not refute it; one this party reveals now may, and then suffices.
            var revealedBefore = game.Revealed.ContainsKey(subgame.PostClaim);
            if (!revealedBefore && Reveal(game, view, subgame.PostClaim, moves, revealing)
                && subgame.RefutedBy(L2HeaderPreimage.Decode(view.Header(PostBlock(game, sub))!))) return;
        }
        var execution = subgame.Game.Config;
        var block = PostBlock(game, sub);
        if (claim.Position.Depth < execution.MaxDepth)
        {
            // A descent whose final point this party holds true cannot be bisected (a root has no defence); only a
            // header refutes it, tried above. (A lying view can get here; an honest one reveals first.)
            if (!attack && claim.IsRoot) return;
            var position = attack ? claim.Position.Attack() : claim.Position.Defend();
            if (PointOf(game, view, sub, position.TraceIndex(execution.MaxDepth)) is not { } truth) return;
            moves.Add(new(attack ? DisputeMove.Attack((uint)g, truth.Commitment) : DisputeMove.Defend((uint)g, truth.Commitment), execution.BondAt(position.Depth)));
            return;
        }
        var index = claim.Position.TraceIndex(execution.MaxDepth);
        ExecutionPoint? pre = attack ? (index == 0 ? subgame.Game.AbsolutePrestate : PointOf(game, view, sub, index - 1)) : PointOf(game, view, sub, index);
        if (pre is not { } p || !StepCounters(subgame.Game, claim, attack, index, p, PointOf(game, view, sub, index + 1))) return;
        var proof = subgame.Derived is { } derived ? DerivedExecutionOf(game, view, sub)?.ProofFrom(derived, p) : view.ProofFrom(block, p);
        if (proof is not null) moves.Add(new(DisputeMove.StepOn((uint)g, attack, proof), UInt128.Zero));
    }

    /// <summary>
    /// Whether L1 would take this party's step on <paramref name="claim"/>: its pre-state must be the point the game
    /// agrees on (the trace ancestor, which under a freeloader's claim may be a wrong one), and its verdict must
    /// contradict the claim. On the honest path both always hold; elsewhere a step that L1 would refuse is not sent.
    /// </summary>
    private static bool StepCounters(DisputeGame game, DisputeClaim claim, bool attack, ulong index, ExecutionPoint pre, ExecutionPoint? next)
    {
        try
        {
            if (attack) return pre.Commitment == (index == 0 ? game.AbsolutePrestate.Commitment : game.TraceAncestor(claim, index - 1).Commitment);
            if (index + 1 >= game.Config.TraceLength || next is not { } n) return false;
            var post = game.TraceAncestor(claim, index + 1);
            var postAgrees = (claim.Position.Depth - post.Position.Depth) % 2 == 0;
            return (n.Commitment == post.Commitment) != postAgrees;
        }
        catch (InvalidDisputeMoveException)
        {
            return false;
        }
    }

    private static void AtSplit(OutputDisputeGame game, IOutputHistory view, int g, DisputeClaim claim, bool attack, List<SolverMove> moves, HashSet<int> revealing)
    {
        var (pre, post, opposes) = game.Ends(claim, attack);
        var preBlock = game.BlockOfPre(pre);
        // The pre output must be the one this party holds (under a freeloader's claim it may be a wrong one it cannot open).
        if (pre is not null && pre.Commitment != view.OutputRoot(preBlock)) return;
        var postBlock = game.BlockOf(post);
        if (preBlock == postBlock)
        {
            moves.Add(new(DisputeMove.Clamp((uint)g, attack), UInt128.Zero));
            return;
        }
        if (view.Output(preBlock) is not { } preOutput) return;
        if (!opposes && !game.Revealed.ContainsKey(post.Index) && !Reveal(game, view, post.Index, moves, revealing)) return;
        if (game.Config.DerivedLists)
        {
            if (view is IDerivedOutputHistory history && history.Derivation(postBlock) is { } opening)
                moves.Add(new(DisputeMove.Derive((uint)g, attack, opening), game.Config.ExecutionLevel.BaseBond));
            return;
        }
        moves.Add(new(DisputeMove.Descend((uint)g, attack, new SplitOpening(view.Final(postBlock), preOutput, view.Origin(postBlock))), game.Config.ExecutionLevel.BaseBond));
    }

    /// <summary>Adds the reveal of block claim <paramref name="local"/> if this party holds its header; true if it is or will be revealed.</summary>
    private static bool Reveal(OutputDisputeGame game, IOutputHistory view, int local, List<SolverMove> moves, HashSet<int> revealing)
    {
        if (game.Revealed.ContainsKey(local) || revealing.Contains(local)) return true;
        var claim = game.Blocks.Claims[local];
        var block = game.BlockOf(claim);
        if (view.Header(block) is not { } header || view.OutputRoot(block) != claim.Commitment) return false;
        revealing.Add(local);
        moves.Add(new(DisputeMove.Reveal((uint)game.GlobalOfBlockClaim(local), header), UInt128.Zero));
        return true;
    }
}
