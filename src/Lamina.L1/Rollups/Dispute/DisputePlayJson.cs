using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The game as it was played, for <c>rollup_getGame</c> (the explorer's disputes panel and <c>lamina l2 disputes</c>):
/// the record's moves replayed one by one exactly as L1 replays them, each with the claim it made (or countered), its
/// level, depth and L2 block, its bond and its L1 time; for a one-step move, L1's verdict (the step's pre-state, the
/// transaction it ran and the post-state L1 computed against the claim it contradicts); both sides' chess clocks on
/// the newest claim's path; and the bonds each party locked and was paid.
/// </summary>
public static class DisputePlayJson
{
    private static string Amount(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The claim's side: the proposer's claims (the root and every claim at an even depth) defend the output.</summary>
    public static string Side(int globalDepth) => globalDepth % 2 == 0 ? "defender" : "challenger";

    /// <summary>A claim's depth counted from the output root across both levels (an execution subgame's root is one below the block level's last).</summary>
    public static int GlobalDepth(OutputDisputeGame game, int claim)
    {
        var (sub, _) = game.Locate(claim);
        var depth = game.Claim(claim).Position.Depth;
        return sub < 0 ? depth : game.Config.BlockDepth + 1 + depth;
    }

    /// <summary>Replays <paramref name="record"/> move by move; returns the game as L1 holds it and the moves as JSON.</summary>
    public static (OutputDisputeGame Game, JsonArray Moves) Replay(DisputeGameRecord record, RollupConfig rollup, IRollupL1Records records)
    {
        var game = OutputDisputeGame.ForRollup(rollup, records, record.Anchor, record.DisputedBlock, record.DisputedRoot, record.Proposer, record.CreatedMs, record.Derivation);
        var moves = new JsonArray();
        var nextStored = 0;
        for (var i = 0; i < record.Moves.Count; i++)
        {
            var entry = record.Moves[i];
            var move = DisputeMove.Decode(entry.Move);
            var parent = (int)move.ParentIndex;
            var verdict = move.IsStep ? StepVerdict(game, parent, move.Step!) : null;
            // L1's stored results: a node answers from its own state, so a derived descent is not derived again.
            var created = game.Apply(move, entry.Mover, entry.Bond, entry.TimeMs, record.StoredAt(i, ref nextStored));
            var json = new JsonObject
            {
                ["index"] = i,
                ["kind"] = KindName(move.Kind),
                ["mover"] = entry.Mover.ToString(),
                ["parentClaim"] = parent,
                ["claim"] = created < 0 ? null : created,
                ["bond"] = Amount(entry.Bond),
                ["timeMs"] = entry.TimeMs,
                ["bytes"] = entry.Move.Length,
            };
            var shown = created >= 0 ? created : parent;
            var (sub, _) = game.Locate(shown);
            json["level"] = sub < 0 ? "block" : "execution";
            json["depth"] = GlobalDepth(game, shown);
            // A move that makes no claim counters its parent (a step, a clamp), except a reveal, which only opens it.
            json["side"] = created >= 0 ? Side(GlobalDepth(game, created)) : move.Kind == DisputeMoveKind.Reveal ? null : Side(GlobalDepth(game, parent) + 1);
            if (sub < 0) json["l2BlockNumber"] = game.BlockOf(game.Claim(shown));
            if (move.Split is { } opening) json["descent"] = new JsonObject { ["preL2Block"] = opening.PreOutput.L2BlockNumber, ["txCount"] = opening.Final.TxCount, ["l1Origin"] = opening.Origin };
            if (verdict is not null) json["step"] = verdict;
            moves.Add(json);
        }
        return (game, moves);
    }

    /// <summary>
    /// What L1 computes for a step against claim <paramref name="parent"/>, before the move is applied (a refused step
    /// throws in <see cref="OutputDisputeGame.Apply"/> right after, so the record never holds one).
    /// </summary>
    private static JsonObject StepVerdict(OutputDisputeGame game, int parent, StepProof proof)
    {
        var (sub, _) = game.Locate(parent);
        var subgame = sub < 0 ? null : game.Subgames[sub].Game;
        var claim = game.Claim(parent);
        var post = subgame is null ? (ExecutionPoint?)null : ExecutionStep.Next(proof, subgame.Context, subgame.MaskedList);
        return new JsonObject
        {
            ["counteredClaim"] = parent,
            ["counteredClaimant"] = claim.Claimant.ToString(),
            ["claimedCommitment"] = claim.Commitment.ToString(),
            ["txIndex"] = proof.Pre.Cursor,
            ["txCount"] = proof.Pre.TxCount,
            ["identity"] = proof.Transaction.Length == 0,
            ["preStateRoot"] = proof.Pre.StateRoot.ToString(),
            ["l1PostStateRoot"] = post?.StateRoot.ToString(),
            ["l1PostCommitment"] = post?.Commitment.ToString(),
            ["verdict"] = $"L1 executed transaction {proof.Pre.Cursor} of {proof.Pre.TxCount} itself: claim {parent} is wrong",
        };
    }

    /// <summary>
    /// Both sides' chess clocks on the path of the newest claim at <paramref name="nowMs"/>: the side that made it had
    /// used its <see cref="DisputeClaim.ClockMs"/>; the other side's clock runs from the claim's time until it answers.
    /// </summary>
    public static JsonObject Clocks(OutputDisputeGame game, ulong nowMs, bool open)
    {
        var last = game.ClaimCount - 1;
        for (var g = 0; g < game.ClaimCount; g++)
            if (game.Claim(g).CreatedMs >= game.Claim(last).CreatedMs) last = g;
        var claim = game.Claim(last);
        var (sub, _) = game.Locate(last);
        var level = sub < 0 ? game.Blocks : game.Subgames[sub].Game;
        var mover = Side(GlobalDepth(game, last));
        var counter = level.CounterClockMs(claim, Math.Max(nowMs, claim.CreatedMs));
        return new JsonObject
        {
            ["claim"] = last,
            ["maxClockMs"] = level.Config.MaxClockMs,
            ["extensionMs"] = level.Config.ExtensionMs,
            ["defenderMs"] = mover == "defender" ? claim.ClockMs : Math.Min(counter, level.Config.MaxClockMs),
            ["challengerMs"] = mover == "challenger" ? claim.ClockMs : Math.Min(counter, level.Config.MaxClockMs),
            // The side whose clock is running: the one that has to answer the newest claim (none once the game is over).
            ["running"] = open && counter < level.Config.MaxClockMs ? (mover == "defender" ? "challenger" : "defender") : null,
        };
    }

    /// <summary>Per party: the bonds its claims locked and, once resolved, what the game paid it (checked sums).</summary>
    public static JsonArray Bonds(OutputDisputeGame game, DisputeResolution? resolution)
    {
        var parties = new List<Address>();
        var seen = new HashSet<Address>();
        var locked = new Dictionary<Address, UInt128>();
        var paid = new Dictionary<Address, UInt128>();
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            if (seen.Add(claim.Claimant)) parties.Add(claim.Claimant);
            locked[claim.Claimant] = checked(locked.GetValueOrDefault(claim.Claimant) + claim.Bond);
            if (resolution is null) continue;
            var (to, amount) = resolution.Payouts[g];
            if (seen.Add(to)) parties.Add(to);
            paid[to] = checked(paid.GetValueOrDefault(to) + amount);
        }
        var array = new JsonArray();
        foreach (var party in parties)
        {
            array.Add(new JsonObject
            {
                ["address"] = party.ToString(),
                ["locked"] = Amount(locked.GetValueOrDefault(party)),
                ["paid"] = resolution is null ? null : Amount(paid.GetValueOrDefault(party)),
            });
        }
        return array;
    }

    public static string KindName(DisputeMoveKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
