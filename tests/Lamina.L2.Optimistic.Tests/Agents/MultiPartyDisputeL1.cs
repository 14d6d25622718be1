using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// L1 in memory for games with any number of players: the outputs, one game per output, each dispute transaction
/// applied with the game's own rules at L1's time, and a view per player (its sender address) for its agent. A move
/// L1 refuses is counted against its sender (the honest party must have none).
/// </summary>
internal sealed class MultiPartyDisputeL1(RollupConfig rollup, IRollupL1Records records)
{
    private readonly Dictionary<ulong, DisputeGameRecord> _games = [];

    public IRollupL1Records Records => records;
    public List<RollupOutputRecord> Outputs { get; } = [];
    public ulong NowMs { get; set; } = 1_000_000;
    public Dictionary<Address, int> Refused { get; } = [];
    public Dictionary<Address, int> Sent { get; } = [];

    /// <summary>
    /// When it answers true for a send, L1 leaves the transaction out (it is not applied) and the sender hears
    /// <see cref="DisputeSendFailure.Dropped"/>, as <c>ClientDisputeL1</c> reports a move left out of its block.
    /// </summary>
    public Func<Address, TxPayload, bool>? LeaveOut { get; set; }

    /// <summary>When set, a move the game refuses fails its send (L1 leaves it out) instead of being counted silently.</summary>
    public bool RefusalsFail { get; set; }

    public DisputeGameRecord? Game(ulong output) => _games.GetValueOrDefault(output);

    public IDisputeL1 For(Address sender) => new View(this, sender);

    /// <summary>The game as L1 holds it, resolved when the record is.</summary>
    public OutputDisputeGame Rebuild(DisputeGameRecord record)
    {
        var game = record.Rebuild(rollup, records);
        if (record.Outcome is not null) game.Resolve(NowMs);
        return game;
    }

    private bool Apply(TxPayload payload, Address from)
    {
        Sent[from] = Sent.GetValueOrDefault(from) + 1;
        try
        {
            switch (payload)
            {
                case DisputeCreatePayload create:
                    var output = Outputs[(int)create.OutputIndex];
                    if (_games.ContainsKey(output.Index)) throw new InvalidDisputeMoveException(DisputeError.GameOver, "one game per output");
                    var record = new DisputeGameRecord(rollup.Id, output.Index, 0, create.Anchor, output.L2BlockNumber, output.OutputRoot, output.Proposer, 1, NowMs, null, 0,
                        [new DisputeMoveEntry(from, create.Bond, NowMs, DisputeMove.Attack(0, create.Commitment).Encode())]);
                    record.Rebuild(rollup, records);
                    _games[output.Index] = record;
                    Outputs[(int)output.Index] = output with { Status = OutputStatus.Disputed };
                    break;
                case DisputeMovePayload move:
                    var game = _games[move.OutputIndex];
                    var next = game with { Moves = [.. game.Moves, new DisputeMoveEntry(from, move.Bond, NowMs, move.Move.Encode())] };
                    next.Rebuild(rollup, records);
                    _games[move.OutputIndex] = next;
                    break;
                case DisputeResolvePayload resolve:
                    var played = _games[resolve.OutputIndex];
                    if (played.Outcome is not null) throw new InvalidDisputeMoveException(DisputeError.GameOver, "the game is resolved");
                    var outcome = played.Rebuild(rollup, records).Resolve(NowMs).Outcome;
                    _games[resolve.OutputIndex] = played with { Outcome = outcome, ResolvedHeight = 2 };
                    var disputed = Outputs[(int)resolve.OutputIndex];
                    Outputs[(int)resolve.OutputIndex] = disputed with { Status = outcome == DisputeOutcome.DefenderWins ? OutputStatus.Finalized : OutputStatus.Replaced };
                    break;
            }
            return true;
        }
        catch (InvalidDisputeMoveException)
        {
            Refused[from] = Refused.GetValueOrDefault(from) + 1;
            return false;
        }
    }

    private sealed class View(MultiPartyDisputeL1 l1, Address sender) : IDisputeL1
    {
        public Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => Task.FromResult(l1.NowMs);
        public Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RollupOutputRecord>>([.. l1.Outputs]);
        public Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken) => Task.FromResult(l1.Game(outputIndex));
        public Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken) => Task.FromResult(l1.Records);

        public Task SendAsync(TxPayload payload, CancellationToken cancellationToken)
        {
            if (l1.LeaveOut?.Invoke(sender, payload) == true)
                return Task.FromException(new DisputeSendException(DisputeSendFailure.Dropped, null, "L1 left the transaction out of its block"));
            if (!l1.Apply(payload, sender) && l1.RefusalsFail)
                return Task.FromException(new DisputeSendException(DisputeSendFailure.Dropped, null, "the game refused the move: L1 left it out of its block"));
            return Task.CompletedTask;
        }
    }
}
