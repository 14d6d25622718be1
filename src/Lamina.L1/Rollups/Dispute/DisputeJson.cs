using System.Globalization;
using System.Text.Json.Nodes;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// JSON views of dispute games (the <c>dispute_*</c> RPC results): a summary per game, and a whole game rebuilt from
/// its record — every claim with its level, position, L2 block (block level), commitment, claimant, bond, clocks and
/// who countered it, the descents, the revealed headers and, once resolved, the payouts. Amounts are decimal strings.
/// </summary>
public static class DisputeJson
{
    private static string Amount(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static string StatusName(DisputeOutcome? outcome) => outcome switch
    {
        null => "open",
        DisputeOutcome.DefenderWins => "defenderWins",
        _ => "challengerWins",
    };

    public static JsonObject Summary(DisputeGameRecord record) => new()
    {
        ["rollupId"] = record.RollupId,
        ["outputIndex"] = record.OutputIndex,
        ["l2BlockNumber"] = record.DisputedBlock,
        ["disputedRoot"] = record.DisputedRoot.ToString(),
        ["proposer"] = record.Proposer.ToString(),
        ["anchorIndex"] = record.AnchorIndex,
        ["anchorL2Block"] = record.Anchor.L2BlockNumber,
        ["createdAtHeight"] = record.CreatedHeight,
        ["createdTimeMs"] = record.CreatedMs,
        ["status"] = StatusName(record.Outcome),
        ["resolvedAtHeight"] = record.Outcome is null ? null : record.ResolvedHeight,
        ["moves"] = record.Moves.Count,
        ["derivedLists"] = record.Derivation is not null,
    };

    /// <summary>
    /// The whole game at L1 time <paramref name="nowMs"/> (the head's), rebuilt from <paramref name="record"/>: its
    /// claims, descents and reveals, and (<see cref="DisputePlayJson"/>) every move as played, both clocks and the bonds.
    /// </summary>
    public static JsonObject Game(DisputeGameRecord record, RollupConfig rollup, IRollupL1Records records, ulong nowMs)
    {
        var (game, moves) = DisputePlayJson.Replay(record, rollup, records);
        return Game(record, game, moves, nowMs);
    }

    /// <summary>
    /// The same from a replay of <paramref name="record"/> already made (<see cref="DisputePlayJson.Replay"/>), which a
    /// caller may keep while the record gains no move. <paramref name="moves"/> becomes part of the answer; a resolved
    /// game's <paramref name="game"/> records its resolution, so callers sharing one serialise their calls.
    /// </summary>
    public static JsonObject Game(DisputeGameRecord record, OutputDisputeGame game, JsonArray moves, ulong nowMs)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(game);
        var resolution = record.Outcome is null ? null : game.Resolve(Math.Max(nowMs, record.Moves[^1].TimeMs));
        var json = Summary(record);
        json["headTimeMs"] = nowMs;
        json["resolvable"] = record.Outcome is null && game.Blocks.Resolvable(nowMs) && game.Subgames.All(s => s.Game.Resolvable(nowMs));
        var config = game.Config;
        json["config"] = new JsonObject
        {
            ["blockDepth"] = config.BlockDepth,
            ["executionDepth"] = config.Execution.MaxDepth,
            ["maxClockMs"] = config.Execution.MaxClockMs,
            ["extensionMs"] = config.Execution.ExtensionMs,
            ["rootBond"] = Amount(config.Execution.BaseBond),
        };
        json["resolutionBoundMs"] = game.ResolutionBoundMs;
        var claims = new JsonArray();
        for (var g = 0; g < game.ClaimCount; g++) claims.Add(Claim(game, g, nowMs, resolution));
        json["claims"] = claims;
        var subgames = new JsonArray();
        foreach (var s in game.Subgames)
        {
            subgames.Add(new JsonObject
            {
                ["rootClaim"] = GlobalOfSubgameRoot(game, s),
                ["splitClaim"] = game.GlobalOfBlockClaim(s.SplitClaim),
                ["preL2Block"] = s.Opening.PreOutput.L2BlockNumber,
                ["postClaim"] = game.GlobalOfBlockClaim(s.PostClaim),
                ["opposesPost"] = s.OpposesPost,
                ["txCount"] = s.Opening.Final.TxCount,
                ["counteredByReveal"] = s.CounteredBy?.ToString(),
                ["derivedFrom"] = s.Derived is { } d ? new JsonObject { ["auto"] = d.Result.Source.IsAuto, ["l1Height"] = d.Result.Source.Height, ["batch"] = d.Result.Source.IsAuto ? null : d.Result.Source.Batch, ["blobPosition"] = d.Result.Source.IsAuto ? null : d.Result.Source.Position, ["candidates"] = d.Result.CandidateCount, ["applied"] = d.AppliedCount } : null,
            });
        }
        json["descents"] = subgames;
        var revealed = new JsonArray();
        foreach (var local in game.Revealed.Keys.Order()) revealed.Add(game.GlobalOfBlockClaim(local));
        json["revealedClaims"] = revealed;
        json["moveLog"] = moves;
        json["clocks"] = DisputePlayJson.Clocks(game, nowMs, record.Outcome is null);
        json["bonds"] = DisputePlayJson.Bonds(game, resolution);
        return json;
    }

    private static int GlobalOfSubgameRoot(OutputDisputeGame game, ExecutionSubgame subgame)
    {
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var (sub, local) = game.Locate(g);
            if (sub >= 0 && local == 0 && ReferenceEquals(game.Subgames[sub], subgame)) return g;
        }
        return -1;
    }

    private static JsonObject Claim(OutputDisputeGame game, int g, ulong nowMs, DisputeResolution? resolution)
    {
        var (sub, _) = game.Locate(g);
        var claim = game.Claim(g);
        var level = sub < 0 ? game.Blocks : game.Subgames[sub].Game;
        var json = new JsonObject
        {
            ["index"] = g,
            ["parent"] = game.ParentOf(g),
            ["level"] = sub < 0 ? "block" : "execution",
            ["depth"] = claim.Position.Depth,
            ["globalDepth"] = DisputePlayJson.GlobalDepth(game, g),
            ["side"] = DisputePlayJson.Side(DisputePlayJson.GlobalDepth(game, g)),
            ["indexAtDepth"] = claim.Position.IndexAtDepth,
            ["commitment"] = claim.Commitment.ToString(),
            ["claimant"] = claim.Claimant.ToString(),
            ["bond"] = Amount(claim.Bond),
            ["createdTimeMs"] = claim.CreatedMs,
            // The time the claim's own side had used on its path when it was made, and the time its counterers have used now.
            ["clockMs"] = claim.ClockMs,
            ["counterClockMs"] = level.CounterClockMs(claim, Math.Max(nowMs, claim.CreatedMs)),
            ["steppedBy"] = claim.SteppedBy?.ToString(),
        };
        if (sub < 0) json["l2BlockNumber"] = game.BlockOf(claim);
        else json["descent"] = sub;
        if (resolution is not null)
        {
            json["countered"] = resolution.Countered[g];
            json["paidTo"] = resolution.Payouts[g].To.ToString();
        }
        return json;
    }
}
