using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using static Lamina.L2.Optimistic.Tests.Agents.ChallengerFaultTests;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// A send that does not land (<see cref="DisputeSendException"/>: L1 left the move out of its block) holds up nothing
/// else: <see cref="ChallengerAgent"/> makes its other moves in the same tick, reads the game again, drops a move that
/// someone else made first (it stands behind that identical claim) and tries one still wanted on its next tick. The
/// honest side still wins, with none of its claims countered.
/// </summary>
public sealed class ChallengerSendFailureTests
{
    private static readonly Address Copycat = TestKeys.Addr(0xC7), FreeloaderAddress = TestKeys.Addr(0xC6);

    [Fact]
    public async Task A_dispute_L1_leaves_out_does_not_stop_the_next_game_being_opened_in_the_same_tick()
    {
        var (history, blocks) = ChallengerFaultTests.Chain();
        var l1 = L1With(blocks, LyingOutputHistory.Flip(blocks[3].Header.Output).Root);
        // A second wrong output, posted after the first: both are disputed against the last final output (0).
        l1.Outputs[1] = l1.Outputs[1] with { L2BlockNumber = 2, OutputRoot = LyingOutputHistory.Flip(blocks[2].Header.Output).Root };
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 2, 3, LyingOutputHistory.Flip(blocks[3].Header.Output).Root, ChallengerFaultTests.Proposer, Rollup.ProposerBond, 2, l1.NowMs, OutputStatus.Proposed));
        var leaveOut = true;
        l1.LeaveOut = (_, payload) => payload is DisputeCreatePayload { OutputIndex: 1 } && leaveOut;
        var honest = new ChallengerAgent(l1.For(Honest), history, () => 3, Rollup, Honest);

        Assert.Equal(1, await honest.TickAsync(CancellationToken.None)); // one failure used to end the tick here
        Assert.Null(l1.Game(1));
        Assert.NotNull(l1.Game(2));
        Assert.Equal((DisputeSendFailure.Dropped, 1), (honest.LastFailure!.Failure, honest.FailedSends));

        leaveOut = false;
        l1.NowMs += 1_000;
        Assert.Equal(1, await honest.TickAsync(CancellationToken.None)); // tried again on the next tick; game 2 waits for an answer
        Assert.Equal(Honest, l1.Game(1)!.Moves[0].Mover);
        Assert.Single(l1.Game(2)!.Moves);
    }

    [Fact]
    public async Task Every_move_left_out_once_is_made_again_on_a_later_tick_and_the_honest_challenger_still_wins()
    {
        var (history, blocks) = ChallengerFaultTests.Chain();
        var lie = LyingOutputHistory.Flip(blocks[3].Header.Output);
        var l1 = L1With(blocks, lie.Root);
        var tick = 0;
        var log = new List<(int Tick, string Move, bool Landed)>();
        var leftOutOnce = new HashSet<string>();
        l1.LeaveOut = (sender, payload) =>
        {
            if (sender != Honest || payload is not DisputeMovePayload move) return false;
            var bytes = Convert.ToHexString(move.Move.Encode());
            var leaveOut = leftOutOnce.Add(bytes); // every move of the honest challenger is left out the first time it is sent
            log.Add((tick, bytes, !leaveOut));
            return leaveOut;
        };
        var honest = new ChallengerAgent(l1.For(Honest), history, () => 3, Rollup, Honest);
        var proposer = new ChallengerAgent(l1.For(ChallengerFaultTests.Proposer), new LyingOutputHistory(BlockOf(blocks), () => lie), () => 3, Rollup, ChallengerFaultTests.Proposer, lying: true);
        var freeloader = new Freeloader(l1.For(FreeloaderAddress), history, () => 3, Rollup, FreeloaderAddress);
        await Play(l1, () => tick++, proposer.TickAsync, freeloader.TickAsync, honest.TickAsync);

        Assert.Equal(DisputeOutcome.ChallengerWins, l1.Game(1)!.Outcome);
        AssertHonestWon(l1.Rebuild(l1.Game(1)!), history);
        Assert.True(honest.FailedSends >= 2 && honest.LastFailure!.Failure == DisputeSendFailure.Dropped, $"{honest.FailedSends} failed sends");
        // Every move left out that the game still wanted landed on a later tick.
        foreach (var missed in log.Where(e => !e.Landed))
        {
            var landed = log.FirstOrDefault(e => e.Move == missed.Move && e.Landed);
            if (landed.Move is not null) Assert.True(landed.Tick > missed.Tick);
        }
    }

    [Fact]
    public async Task A_move_someone_made_first_is_dropped_after_a_fresh_read_and_the_honest_side_stands_behind_that_claim()
    {
        var (history, blocks) = ChallengerFaultTests.Chain();
        var lie = LyingOutputHistory.Flip(blocks[3].Header.Output);
        var l1 = L1With(blocks, lie.Root);
        l1.RefusalsFail = true;
        string? copied = null;
        var honestSends = new List<string>();
        l1.LeaveOut = (sender, payload) =>
        {
            if (sender != Honest || payload is not DisputeMovePayload move) return false;
            var bytes = Convert.ToHexString(move.Move.Encode());
            honestSends.Add(bytes);
            if (copied is null && move.Move.Kind is DisputeMoveKind.Attack or DisputeMoveKind.Defend)
            {
                // A copycat's identical claim lands first: the honest challenger's move becomes a DuplicateClaim.
                copied = bytes;
                l1.For(Copycat).SendAsync(payload, CancellationToken.None).GetAwaiter().GetResult();
            }
            return false;
        };
        var honest = new ChallengerAgent(l1.For(Honest), history, () => 3, Rollup, Honest);
        var proposer = new ChallengerAgent(l1.For(ChallengerFaultTests.Proposer), new LyingOutputHistory(BlockOf(blocks), () => lie), () => 3, Rollup, ChallengerFaultTests.Proposer, lying: true);
        await Play(l1, () => { }, honest.TickAsync, proposer.TickAsync);

        Assert.NotNull(copied);
        Assert.Equal(1, honestSends.Count(m => m == copied)); // never sent again: the solver stands behind the copy
        Assert.Equal(1, l1.Refused.GetValueOrDefault(Honest));
        Assert.Equal(DisputeSendFailure.Dropped, honest.LastFailure!.Failure);
        var game = l1.Rebuild(l1.Game(1)!);
        Assert.Equal(DisputeOutcome.ChallengerWins, l1.Game(1)!.Outcome);
        var copy = Enumerable.Range(0, game.ClaimCount).Single(g => game.Claim(g).Claimant == Copycat);
        Assert.False(game.Resolution!.Countered[copy]); // the copy stood, defended by the honest challenger
        AssertHonestWon(game, history);
    }

    /// <summary>Every party ticks once a round (a second of L1 time); a round where nobody moves lets the clocks run.</summary>
    private static async Task Play(MultiPartyDisputeL1 l1, Action newTick, params Func<CancellationToken, Task<int>>[] parties)
    {
        for (var round = 0; round < 400 && l1.Game(1)?.Outcome is null; round++)
        {
            newTick();
            var moved = 0;
            foreach (var party in parties) moved += await party(CancellationToken.None);
            l1.NowMs += 1_000;
            if (moved == 0) l1.NowMs += 30_000;
        }
        Assert.NotNull(l1.Game(1)?.Outcome);
    }
}
