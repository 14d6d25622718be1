using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>challenger</c>'s core: each tick it compares every output on L1 whose L2 block it holds with its own history,
/// opens a game against a wrong one still inside its window, plays every open game with <see cref="DisputeSolver"/>
/// (it counters every wrong claim, its own side's freeloaders included, and never a correct one), and resolves a game
/// once no claim can be countered. It keeps no state of its own that matters: each game is rebuilt from L1's record,
/// so a restarted challenger continues where L1 is. Each round's moves in every game go out together on consecutive
/// nonces, most urgent first (<see cref="IDisputeL1.SendAllAsync"/>), and it waits for them to land before moving again
/// in a game; a move that does not land (<see cref="DisputeSendException"/>) holds up neither the game's other moves nor
/// other games.
/// </summary>
/// <remarks>
/// <paramref name="plays"/>, when given, limits the outputs it looks at (a fault mode that plays one game only);
/// <paramref name="lying"/> is for the fault modes that play a lie: they leave freeloaders' claims alone.
/// </remarks>
public sealed class ChallengerAgent(IDisputeL1 l1, IOutputHistory history, Func<ulong> heldThrough, RollupConfig rollup, Address me, Func<RollupOutputRecord, bool>? plays = null,
    bool lying = false)
{
    private readonly Dictionary<ulong, int> _sentAt = [];

    /// <summary>
    /// One round; returns how many transactions it sent. Every game's moves (and any game to open or resolve) go out
    /// together on consecutive nonces, the most urgent first: the move whose countered claim has the least time left on
    /// its counterers' clock. So the honest side's answer time no longer grows with the number of claims waiting for it.
    /// </summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = await l1.HeadTimeMsAsync(cancellationToken);
        var outputs = await l1.OutputsAsync(cancellationToken);
        var batch = new List<Planned>();
        var games = new Dictionary<ulong, Played>();
        foreach (var output in outputs)
        {
            if (output.Index == 0 || output.L2BlockNumber > heldThrough() || (plays is not null && !plays(output))) continue;
            // Only a disputed output has a game to play, and only a proposed one that disagrees needs one opened: the
            // rest (final, replaced, or agreeing) costs no L1 read.
            if (output.Status is not (OutputStatus.Proposed or OutputStatus.Disputed)) continue;
            if (output.Status == OutputStatus.Proposed && history.OutputRoot(output.L2BlockNumber) == output.OutputRoot) continue;
            var record = await l1.GameAsync(output.Index, cancellationToken);
            if (record is null)
            {
                if (await PlanOpenAsync(outputs, output, now, cancellationToken) is { } create) batch.Add(create);
                continue;
            }
            if (record.Outcome is not null || (_sentAt.TryGetValue(output.Index, out var seen) && seen >= record.Moves.Count)) continue;
            var played = games[output.Index] = new Played(output, record);
            await PlanAsync(played, now, batch, cancellationToken);
        }
        return await SendAsync(batch, games, now, cancellationToken);
    }

    /// <summary>A transaction this round wants to send: for which output, how urgent (ms left on the clock it answers), and what.</summary>
    private sealed record Planned(ulong Output, ulong MsLeft, TxPayload Payload, Kind What, int Order);

    private enum Kind { Create, Move, Resolve }

    /// <summary>A game this round plays: its output, its record as last read, and the moves already tried this round.</summary>
    private sealed class Played(RollupOutputRecord output, DisputeGameRecord record)
    {
        public RollupOutputRecord Output { get; } = output;
        public DisputeGameRecord Record { get; set; } = record;
        public HashSet<string> Tried { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// Sends the round's batch, most urgent first. A move that does not land ends nothing: the rest are still sent, then
    /// each game with a move that did not land is read again and the solver asked again, so a move that became a
    /// duplicate (someone made the same claim first; the solver now stands behind it) is simply gone, and one still
    /// wanted after it was tried is left to the next round.
    /// </summary>
    private async Task<int> SendAsync(List<Planned> batch, Dictionary<ulong, Played> games, ulong now, CancellationToken cancellationToken)
    {
        var sent = 0;
        for (var round = 0; round < MaxRereads && batch.Count > 0; round++)
        {
            var ordered = batch.OrderBy(p => p.MsLeft).ThenBy(p => p.Order).ToList();
            var results = await l1.SendAllAsync([.. ordered.Select(p => p.Payload)], cancellationToken);
            var failedGames = new SortedSet<ulong>();
            for (var i = 0; i < ordered.Count; i++)
            {
                var planned = ordered[i];
                if (results[i] is { } failure)
                {
                    LastFailure = failure;
                    FailedSends++;
                    // A create that did not land (another challenger opened the game first, or the anchor moved) is tried again next round.
                    if (planned.What != Kind.Create) failedGames.Add(planned.Output);
                    continue;
                }
                sent++;
                if (planned.What == Kind.Create) _sentAt[planned.Output] = 0;
            }
            foreach (var (index, played) in games)
                if (!failedGames.Contains(index) && ordered.Any(p => p.Output == index)) _sentAt[index] = played.Record.Moves.Count;
            batch = [];
            foreach (var index in failedGames)
            {
                // Something did not land: read the game as it is now before deciding what is still to do.
                if (await l1.GameAsync(index, cancellationToken) is not { Outcome: null } current) continue;
                games[index].Record = current;
                await PlanAsync(games[index], now, batch, cancellationToken);
            }
        }
        return sent;
    }

    /// <summary>The solver's moves in one game (or its resolution), with the time each answers against, into <paramref name="batch"/>.</summary>
    private async Task PlanAsync(Played played, ulong now, List<Planned> batch, CancellationToken cancellationToken)
    {
        var (output, record) = (played.Output, played.Record);
        var game = await RebuildAsync(l1, rollup, record, cancellationToken);
        // The head and the record may come from different nodes (one down, another answering): never judge clocks
        // before the game's own last move (that would run them backwards).
        now = Math.Max(now, game.LastMoveMs);
        var moves = DisputeSolver.NextMoves(game, history, me, counterFreeloaders: !lying);
        if (moves.Count == 0)
        {
            if (played.Tried.Count == 0 && game.Blocks.Resolvable(now) && game.Subgames.All(s => s.Game.Resolvable(now)))
            {
                played.Tried.Add("resolve");
                batch.Add(new Planned(output.Index, ulong.MaxValue, new DisputeResolvePayload(rollup.Id, output.Index), Kind.Resolve, batch.Count));
            }
            return;
        }
        var left = new ulong[moves.Count];
        for (var i = moves.Count - 1; i >= 0; i--)
        {
            // A reveal runs on no clock, but must land before the move after it that needs it (a supporting descent):
            // it goes with that move's urgency, so never later in the batch.
            if (moves[i].Move.Kind == DisputeMoveKind.Reveal) left[i] = i + 1 < moves.Count ? Math.Max(left[i + 1], 1) : ulong.MaxValue - 1;
            else left[i] = MsLeft(game, moves[i].Move, now);
        }
        for (var i = 0; i < moves.Count; i++)
        {
            var (move, bond) = moves[i];
            // Past its clock the game refuses it, and a refused move holds up the ones queued behind it.
            if (left[i] == 0 || !played.Tried.Add(Convert.ToHexString(move.Encode()))) continue;
            batch.Add(new Planned(output.Index, left[i], new DisputeMovePayload(rollup.Id, output.Index, bond, move), Kind.Move, batch.Count));
        }
    }

    /// <summary>The time left, at <paramref name="now"/>, to the side that counters the claim a move answers (0: none).</summary>
    private static ulong MsLeft(OutputDisputeGame game, DisputeMove move, ulong now)
    {
        var (sub, local) = game.Locate((int)move.ParentIndex);
        var level = sub < 0 ? game.Blocks : game.Subgames[sub].Game;
        var used = level.CounterClockMs(level.Claims[local], Math.Max(now, level.Claims[local].CreatedMs));
        return used >= level.Config.MaxClockMs ? 0 : level.Config.MaxClockMs - used;
    }

    /// <summary>How often a round reads a game again after moves that did not land, before leaving the rest to the next round.</summary>
    private const int MaxRereads = 3;

    /// <summary>Why the last send that did not land failed (for logs and tests).</summary>
    public DisputeSendException? LastFailure { get; private set; }

    /// <summary>How many sends did not land since this agent started.</summary>
    public int FailedSends { get; private set; }

    /// <summary>
    /// The game as L1 holds it, replayed from its record with L1's records read through <paramref name="l1"/>. Which
    /// L1 blocks' fees and times a game that derives lists reads is known only once its channels are decoded, so the
    /// records note what a replay asked for and lacked (<see cref="L1RecordList.Missing"/>): those are read and the game
    /// replayed again, until nothing new is asked for (a height L1 has not reached stays missing, as on L1).
    /// </summary>
    public static async Task<OutputDisputeGame> RebuildAsync(IDisputeL1 l1, RollupConfig rollup, DisputeGameRecord record, CancellationToken cancellationToken)
    {
        var heights = OriginsOf(record);
        if (record.Derivation is null) return record.Rebuild(rollup, await l1.RecordsAsync(heights, cancellationToken));
        for (var round = 0; ; round++)
        {
            var records = await l1.DerivationRecordsAsync(heights, cancellationToken);
            try
            {
                var game = record.Rebuild(rollup, records);
                if (!AskedForMore(records, heights) || round == MaxRecordRounds) return game;
            }
            catch (InvalidDisputeMoveException) when (round < MaxRecordRounds && AskedForMore(records, heights))
            {
            }
        }
    }

    /// <summary>How often a derived game is replayed with the L1 blocks its last replay asked for (each round adds the heights newly decoded descents name).</summary>
    private const int MaxRecordRounds = 8;

    private static bool AskedForMore(IRollupL1Records records, HashSet<ulong> heights)
    {
        var added = false;
        if (records is L1RecordList list)
            foreach (var height in list.Missing) added |= heights.Add(height);
        return added;
    }

    /// <summary>The L1 origins the game's descents name: their blocks' fees are what rebuilding it needs.</summary>
    public static HashSet<ulong> OriginsOf(DisputeGameRecord record)
    {
        var origins = new HashSet<ulong>();
        foreach (var entry in record.Moves)
            if (DisputeMove.Decode(entry.Move).Split is { } opening) origins.Add(opening.Origin);
        return origins;
    }

    private async Task<Planned?> PlanOpenAsync(IReadOnlyList<RollupOutputRecord> outputs, RollupOutputRecord output, ulong now, CancellationToken cancellationToken)
    {
        if (output.Status != OutputStatus.Proposed || now >= output.FinalizesAtMs(rollup) || history.OutputRoot(output.L2BlockNumber) == output.OutputRoot) return null;
        if (_sentAt.ContainsKey(output.Index)) return null;
        var anchor = outputs.Take((int)output.Index).LastOrDefault(o => o.Status == OutputStatus.Finalized);
        if (anchor is null || history.Output(anchor.L2BlockNumber) is not { } opening || opening.Root != anchor.OutputRoot) return null;
        OutputDisputeGame game;
        try
        {
            game = OutputDisputeGame.ForRollup(rollup, await l1.RecordsAsync([], cancellationToken), opening, output.L2BlockNumber, output.OutputRoot, output.Proposer, now);
        }
        catch (InvalidDisputeMoveException)
        {
            // Too many blocks since the anchor for one game: nothing this challenger can open.
            return null;
        }
        var first = DisputeSolver.NextMoves(game, history, me, counterFreeloaders: !lying)[0];
        // Its urgency is the challenge window left: the output finalizes by time unless the game is open by then.
        return new Planned(output.Index, output.FinalizesAtMs(rollup) - now, new DisputeCreatePayload(rollup.Id, output.Index, opening, first.Move.Commitment, first.Bond), Kind.Create, 0);
    }
}
