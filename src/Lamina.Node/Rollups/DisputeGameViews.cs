using System.Text.Json.Nodes;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.Node.Rollups;

/// <summary>
/// <c>rollup_getGame</c>'s replays, kept. Rebuilding a game replays every move exactly as L1 does (a one-step move
/// runs the step), and the explorer asks for each open game every 2 s; a game changes only by a move (moves are only
/// appended, and a resolution adds none), so one replay serves every call until the next move. Kept per game: rollup id
/// and output index, with the record's creation height and move count, which a new move or a new game against the same
/// output changes. At most <see cref="Capacity"/> games, the least recently asked for dropped first. Node-local, never
/// hashed: the answer is the same as replaying anew (clocks and resolvability are computed at each call's head time).
/// </summary>
public sealed class DisputeGameViews(int capacity = DisputeGameViews.DefaultCapacity)
{
    public const int DefaultCapacity = 64;

    private readonly record struct GameId(ulong RollupId, ulong OutputIndex);

    private sealed record Replay(GameId Id, ulong CreatedHeight, int MoveCount, OutputDisputeGame Game, JsonArray Moves)
    {
        public Lock Gate { get; } = new();
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<GameId, LinkedListNode<Replay>> _byGame = [];
    private readonly LinkedList<Replay> _recent = [];
    private long _replays;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "at least one game");

    /// <summary>How many replays this node has made (diagnostics and tests: a call that found its replay kept makes none).</summary>
    public long Replays => Interlocked.Read(ref _replays);

    /// <summary>The game's view at <paramref name="nowMs"/>, from the kept replay when the record has gained no move since.</summary>
    public JsonObject Game(DisputeGameRecord record, RollupConfig rollup, IRollupL1Records records, ulong nowMs)
    {
        ArgumentNullException.ThrowIfNull(record);
        var replay = Find(record) ?? Keep(record, rollup, records);
        // The kept game is shared: a resolved game records its resolution on first use, so one call at a time builds from it.
        lock (replay.Gate)
        {
            return DisputeJson.Game(record, replay.Game, (JsonArray)replay.Moves.DeepClone(), nowMs);
        }
    }

    private Replay? Find(DisputeGameRecord record)
    {
        lock (_lock)
        {
            if (!_byGame.TryGetValue(new GameId(record.RollupId, record.OutputIndex), out var node)) return null;
            var kept = node.Value;
            if (kept.CreatedHeight != record.CreatedHeight || kept.MoveCount != record.Moves.Count) return null;
            _recent.Remove(node);
            _recent.AddFirst(node);
            return kept;
        }
    }

    private Replay Keep(DisputeGameRecord record, RollupConfig rollup, IRollupL1Records records)
    {
        // Replayed outside the lock: other games' calls do not wait for it.
        var (game, moves) = DisputePlayJson.Replay(record, rollup, records);
        Interlocked.Increment(ref _replays);
        var replay = new Replay(new GameId(record.RollupId, record.OutputIndex), record.CreatedHeight, record.Moves.Count, game, moves);
        lock (_lock)
        {
            if (_byGame.Remove(replay.Id, out var stale)) _recent.Remove(stale);
            _byGame[replay.Id] = _recent.AddFirst(replay);
            while (_byGame.Count > Capacity)
            {
                var oldest = _recent.Last!;
                _recent.RemoveLast();
                _byGame.Remove(oldest.Value.Id);
            }
        }
        return replay;
    }
}
