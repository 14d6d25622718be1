using Lamina.Core;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>A move as applied to an output game (global parent index), for replay and for L1 transactions.</summary>
internal sealed record PlayedMove(DisputeMove Move, Address Mover, UInt128 Bond, ulong Ms);

/// <summary>
/// OP Stack's solver over both levels of an <see cref="OutputDisputeGame"/>, playing what <see cref="IChainView"/>
/// says is true: it counters the root if it is wrong and every claim that counters a claim it stands behind, attacking
/// a wrong value and defending a right one; at the last block level it descends (opening its own pre output and
/// revealing its post header where the descent supports it) or clamps; inside a block it bisects and steps. Against a
/// descent it first reveals the post header when it holds it (that refutes a descent on another list or one its
/// header confirms), then bisects. An honest player's moves must all be accepted; a liar's refused moves are skipped.
/// </summary>
internal sealed class OutputPlayer(OutputDisputeGame game, IChainView view, Address me, bool honest, List<PlayedMove> log)
{
    private readonly HashSet<int> _handled = [];
    private readonly Dictionary<int, bool> _supports = [];

    public Address Address => me;

    /// <summary>The same party on another game (its moves go to the same log).</summary>
    public OutputPlayer On(OutputDisputeGame other) => new(other, view, me, honest, log);
    public int Moves { get; private set; }
    public UInt128 Bonded { get; private set; }

    public int Respond(ulong nowMs)
    {
        var made = 0;
        for (var g = 0; g < game.ClaimCount; g++)
        {
            if (!_handled.Add(g)) continue;
            var claim = game.Claim(g);
            var parent = game.ParentOf(g);
            var correct = parent < 0 ? IsTrue(g) : !_supports[parent];
            _supports[g] = claim.Claimant == me || (parent < 0 && IsTrue(g));
            if (claim.Claimant == me || correct) continue;
            try
            {
                made += Counter(g, claim, nowMs);
            }
            catch (InvalidDisputeMoveException) when (!honest)
            {
                // A liar cannot make every move it would like (no preimage, no valid step): it simply does not move.
            }
        }
        Moves += made;
        return made;
    }

    public bool IsTrue(int g)
    {
        var (sub, _) = game.Locate(g);
        var claim = game.Claim(g);
        if (sub < 0) return claim.Commitment == view.OutputRoot(game.BlockOf(claim));
        var point = view.Point(PostBlock(sub), claim.Position.TraceIndex(game.Config.Execution.MaxDepth));
        return point is { } p && p.Commitment == claim.Commitment;
    }

    private ulong PostBlock(int sub) => game.BlockOf(game.Blocks.Claims[game.Subgames[sub].PostClaim]);

    private int Counter(int g, DisputeClaim claim, ulong nowMs)
    {
        var (sub, local) = game.Locate(g);
        var attack = !IsTrue(g);
        if (sub < 0 && claim.Position.Depth < game.Config.BlockDepth)
        {
            var position = attack ? claim.Position.Attack() : claim.Position.Defend();
            var root = view.OutputRoot(game.BlockAt(position.TraceIndex(game.Config.BlockDepth)));
            return Play(attack ? DisputeMove.Attack((uint)g, root) : DisputeMove.Defend((uint)g, root), game.Config.BondAt(position.Depth), nowMs);
        }
        if (sub < 0) return AtSplit(g, claim, attack, nowMs);
        var subgame = game.Subgames[sub];
        if (local == 0)
        {
            var made = RevealIfHeld(subgame.PostClaim, nowMs);
            if (subgame.CounteredBy is not null) return made;
        }
        var execution = subgame.Game.Config;
        if (claim.Position.Depth < execution.MaxDepth)
        {
            var position = attack ? claim.Position.Attack() : claim.Position.Defend();
            var truth = view.Point(PostBlock(sub), position.TraceIndex(execution.MaxDepth))!.Value.Commitment;
            return Play(attack ? DisputeMove.Attack((uint)g, truth) : DisputeMove.Defend((uint)g, truth), execution.BondAt(position.Depth), nowMs);
        }
        var index = claim.Position.TraceIndex(execution.MaxDepth);
        var block = PostBlock(sub);
        var pre = attack ? (index == 0 ? subgame.Game.AbsolutePrestate : view.Point(block, index - 1)!.Value) : view.Point(block, index)!.Value;
        var proof = view.ProofFrom(block, pre) ?? throw new InvalidDisputeMoveException(DisputeError.InvalidWitness, "this party cannot build a step");
        return Play(DisputeMove.StepOn((uint)g, attack, proof), 0, nowMs);
    }

    private int AtSplit(int g, DisputeClaim claim, bool attack, ulong nowMs)
    {
        var (pre, post, opposes) = game.Ends(claim, attack);
        var preBlock = game.BlockOfPre(pre);
        var postBlock = game.BlockOf(post);
        if (preBlock == postBlock) return Play(DisputeMove.Clamp((uint)g, attack), 0, nowMs);
        var made = opposes ? 0 : RevealIfHeld(post.Index, nowMs);
        var opening = new SplitOpening(view.Final(postBlock), view.Output(preBlock) ?? throw new InvalidDisputeMoveException(DisputeError.OpeningMismatch, "no preimage"));
        return made + Play(DisputeMove.Descend((uint)g, attack, opening), game.Config.ExecutionLevel.BaseBond, nowMs);
    }

    /// <summary>Reveals block-level claim <paramref name="local"/>'s header if this party holds the preimage of its root.</summary>
    private int RevealIfHeld(int local, ulong nowMs)
    {
        if (game.Revealed.ContainsKey(local)) return 0;
        var claim = game.Blocks.Claims[local];
        var block = game.BlockOf(claim);
        if (view.Header(block) is not { } header || view.OutputRoot(block) != claim.Commitment) return 0;
        return Play(DisputeMove.Reveal((uint)game.GlobalOfBlockClaim(local), header), 0, nowMs);
    }

    private int Play(DisputeMove move, UInt128 bond, ulong nowMs)
    {
        game.Apply(move, me, bond, nowMs);
        log.Add(new PlayedMove(move, me, bond, nowMs));
        Bonded += bond;
        return 1;
    }
}
