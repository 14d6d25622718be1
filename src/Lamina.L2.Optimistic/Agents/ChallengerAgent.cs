using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>challenger</c>'s core: each tick it compares every output on L1 whose L2 block it holds with its own history,
/// opens a game against a wrong one still inside its window, plays every open game with <see cref="DisputeSolver"/>
/// (it counters every wrong claim, its own side's freeloaders included, and never a correct one), and resolves a game
/// once no claim can be countered. It keeps no state of its own that matters: each game is rebuilt from L1's record,
/// so a restarted challenger continues where L1 is. It waits for its last moves to land before moving again in a game;
/// a move that does not land (<see cref="DisputeSendException"/>) holds up neither the game's other moves nor other games.
/// </summary>
/// <remarks>
/// <paramref name="plays"/>, when given, limits the outputs it looks at (a fault mode that plays one game only);
/// <paramref name="lying"/> is for the fault modes that play a lie: they leave freeloaders' claims alone.
/// </remarks>
public sealed class ChallengerAgent(IDisputeL1 l1, IOutputHistory history, Func<ulong> heldThrough, RollupConfig rollup, Address me, Func<RollupOutputRecord, bool>? plays = null,
    bool lying = false)
{
    private readonly Dictionary<ulong, int> _sentAt = [];

    /// <summary>One round; returns how many transactions it sent.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = await l1.HeadTimeMsAsync(cancellationToken);
        var outputs = await l1.OutputsAsync(cancellationToken);
        var sent = 0;
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
                if (await OpenAsync(outputs, output, now, cancellationToken)) sent++;
                continue;
            }
            if (record.Outcome is not null || (_sentAt.TryGetValue(output.Index, out var seen) && seen >= record.Moves.Count)) continue;
            sent += await PlayAsync(output, record, now, cancellationToken);
        }
        return sent;
    }

    /// <summary>
    /// Makes this round's moves in one game. A move that does not land ends nothing: the rest are still sent, then the
    /// game is read again and the solver asked again, so a move that became a duplicate (someone made the same claim
    /// first; the solver now stands behind it) is simply gone, and one still wanted is left to the next round.
    /// </summary>
    private async Task<int> PlayAsync(RollupOutputRecord output, DisputeGameRecord record, ulong now, CancellationToken cancellationToken)
    {
        var sent = 0;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRereads; round++)
        {
            var game = record.Rebuild(rollup, await l1.RecordsAsync(OriginsOf(record), cancellationToken));
            var moves = DisputeSolver.NextMoves(game, history, me, counterFreeloaders: !lying);
            if (moves.Count == 0)
            {
                if (!game.Blocks.Resolvable(now) || !game.Subgames.All(s => s.Game.Resolvable(now))) return sent;
                if (!await TrySendAsync(new DisputeResolvePayload(rollup.Id, output.Index), cancellationToken)) return sent;
                _sentAt[output.Index] = record.Moves.Count;
                return sent + 1;
            }
            var (failed, attempted) = (false, 0);
            foreach (var (move, bond) in moves)
            {
                if (!tried.Add(Convert.ToHexString(move.Encode())))
                {
                    failed = true; // still wanted after it did not land: the next round tries it again
                    continue;
                }
                attempted++;
                if (await TrySendAsync(new DisputeMovePayload(rollup.Id, output.Index, bond, move), cancellationToken)) sent++;
                else failed = true;
            }
            if (attempted == 0) return sent;
            if (!failed)
            {
                _sentAt[output.Index] = record.Moves.Count;
                return sent;
            }
            // Something did not land: read the game as it is now before deciding what is still to do.
            if (await l1.GameAsync(output.Index, cancellationToken) is not { Outcome: null } current) return sent;
            record = current;
        }
        return sent;
    }

    /// <summary>How often a round reads a game again after moves that did not land, before leaving the rest to the next round.</summary>
    private const int MaxRereads = 3;

    /// <summary>Why the last send that did not land failed (for logs and tests).</summary>
    public DisputeSendException? LastFailure { get; private set; }

    /// <summary>How many sends did not land since this agent started.</summary>
    public int FailedSends { get; private set; }

    private async Task<bool> TrySendAsync(Lamina.L1.Transactions.TxPayload payload, CancellationToken cancellationToken)
    {
        try
        {
            await l1.SendAsync(payload, cancellationToken);
            return true;
        }
        catch (DisputeSendException e)
        {
            LastFailure = e;
            FailedSends++;
            return false;
        }
    }

    /// <summary>The L1 origins the game's descents name: their blocks' fees are what rebuilding it needs.</summary>
    public static HashSet<ulong> OriginsOf(DisputeGameRecord record)
    {
        var origins = new HashSet<ulong>();
        foreach (var entry in record.Moves)
            if (DisputeMove.Decode(entry.Move).Split is { } opening) origins.Add(opening.Origin);
        return origins;
    }

    private async Task<bool> OpenAsync(IReadOnlyList<RollupOutputRecord> outputs, RollupOutputRecord output, ulong now, CancellationToken cancellationToken)
    {
        if (output.Status != OutputStatus.Proposed || now >= output.FinalizesAtMs(rollup) || history.OutputRoot(output.L2BlockNumber) == output.OutputRoot) return false;
        if (_sentAt.ContainsKey(output.Index)) return false;
        var anchor = outputs.Take((int)output.Index).LastOrDefault(o => o.Status == OutputStatus.Finalized);
        if (anchor is null || history.Output(anchor.L2BlockNumber) is not { } opening || opening.Root != anchor.OutputRoot) return false;
        OutputDisputeGame game;
        try
        {
            game = OutputDisputeGame.ForRollup(rollup, await l1.RecordsAsync([], cancellationToken), opening, output.L2BlockNumber, output.OutputRoot, output.Proposer, now);
        }
        catch (InvalidDisputeMoveException)
        {
            // Too many blocks since the anchor for one game: nothing this challenger can open.
            return false;
        }
        var first = DisputeSolver.NextMoves(game, history, me, counterFreeloaders: !lying)[0];
        // A create that did not land (another challenger opened the game first, or the anchor moved) is tried again next round.
        if (!await TrySendAsync(new DisputeCreatePayload(rollup.Id, output.Index, opening, first.Move.Commitment, first.Bond), cancellationToken)) return false;
        _sentAt[output.Index] = 0;
        return true;
    }
}
