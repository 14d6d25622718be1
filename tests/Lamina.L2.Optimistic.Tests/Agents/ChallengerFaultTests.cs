using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// The challenger role's fault modes against the honest challenger, all as agents over one in-memory L1 (each party
/// its own sender): a lying challenger (<see cref="LyingChallenger"/>) disputes a correct output and is stepped on L1 by
/// the honest challenger, which stands behind the correct root; a freeloader (<see cref="Freeloader"/>) makes
/// made-up attacks on every wrong claim, and the honest challenger counters them too (they are wrong, though on its
/// side) while never countering a correct claim. In every game the honest side loses no claim and no move of its is refused.
/// </summary>
public sealed class ChallengerFaultTests
{
    internal static readonly RollupConfig Rollup = new(TestKeys.RollupId, TestKeys.ChainId, Hash256.Zero, 1_000_000, 10, 5, TestKeys.Sequencer);
    internal static readonly IRollupL1Records Records = new L1RecordList([new L2Deposit(0, TestKeys.Key(0).Address, 500)], new Dictionary<ulong, ulong> { [10] = 0 });
    internal static readonly Address Honest = TestKeys.Addr(0xC4), Proposer = TestKeys.Addr(0xC3), LiarChallenger = TestKeys.Addr(0xC5), FreeloaderAddress = TestKeys.Addr(0xC6);

    [Fact]
    public async Task A_lying_challenger_disputes_a_correct_root_and_the_honest_challenger_steps_its_last_claim_on_L1()
    {
        var (history, blocks) = Chain();
        var l1 = L1With(blocks, blocks[3].Header.Output.Root);
        var honest = new ChallengerAgent(l1.For(Honest), history, () => 3, Rollup, Honest);
        var liar = new LyingChallenger(l1.For(LiarChallenger), BlockOf(blocks), () => 3, Rollup, LiarChallenger);
        await Play(l1, honest.TickAsync, liar.TickAsync);

        Assert.Equal((blocks[3].Header with { StateRoot = liar.Lie!.Value.StateRoot }).Output, liar.Lie);
        Assert.NotEqual(blocks[3].Header.StateRoot, liar.Lie.Value.StateRoot);
        var record = l1.Game(1)!;
        Assert.Equal(DisputeOutcome.DefenderWins, record.Outcome);
        Assert.Equal(OutputStatus.Finalized, l1.Outputs[1].Status);
        // The step: the honest challenger proved the liar's last claim wrong by L1 running the block's last transaction.
        var step = Assert.Single(record.Moves, m => DisputeMove.Decode(m.Move).Kind is DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend);
        Assert.Equal(Honest, step.Mover);
        Assert.Equal(blocks[3].Transactions.Count - 1, (int)DisputeMove.Decode(step.Move).Step!.Pre.Cursor);
        var game = l1.Rebuild(record);
        Assert.Contains(game.Subgames[0].Game.Claims, c => c.Claimant == LiarChallenger && c.Position.Depth == game.Config.Execution.MaxDepth && c.SteppedBy == Honest);
        AssertHonestWon(game, history);
        var resolution = game.Resolution!;
        for (var g = 0; g < game.ClaimCount; g++)
            if (game.Claim(g).Claimant == LiarChallenger) Assert.True(resolution.Countered[g] && resolution.Payouts[g].To == Honest, $"liar claim {g}");
        Assert.Equal(0, l1.Refused.GetValueOrDefault(Honest));
    }

    [Fact]
    public async Task The_honest_challenger_counters_a_freeloaders_claims_against_a_wrong_root_and_takes_every_bond()
    {
        var (history, blocks) = Chain();
        var lie = LyingOutputHistory.Flip(blocks[3].Header.Output);
        var l1 = L1With(blocks, lie.Root);
        var honest = new ChallengerAgent(l1.For(Honest), history, () => 3, Rollup, Honest);
        var proposer = new ChallengerAgent(l1.For(Proposer), new LyingOutputHistory(BlockOf(blocks), () => lie), () => 3, Rollup, Proposer, lying: true);
        var freeloader = new Freeloader(l1.For(FreeloaderAddress), history, () => 3, Rollup, FreeloaderAddress);
        await Play(l1, honest.TickAsync, freeloader.TickAsync, proposer.TickAsync);

        var record = l1.Game(1)!;
        Assert.Equal(DisputeOutcome.ChallengerWins, record.Outcome);
        var game = l1.Rebuild(record);
        AssertFreeloaderBeaten(game, history);
        Assert.True(game.Resolution!.PaidTo(Honest) > game.Resolution.PaidTo(Proposer));
    }

    [Fact]
    public async Task A_freeloader_on_a_lying_challengers_game_is_countered_too_and_the_correct_root_stands()
    {
        var (history, blocks) = Chain();
        var l1 = L1With(blocks, blocks[3].Header.Output.Root);
        var honest = new ChallengerAgent(l1.For(Honest), history, () => 3, Rollup, Honest);
        var liar = new LyingChallenger(l1.For(LiarChallenger), BlockOf(blocks), () => 3, Rollup, LiarChallenger);
        var freeloader = new Freeloader(l1.For(FreeloaderAddress), history, () => 3, Rollup, FreeloaderAddress);
        await Play(l1, liar.TickAsync, freeloader.TickAsync, honest.TickAsync);

        var record = l1.Game(1)!;
        Assert.Equal(DisputeOutcome.DefenderWins, record.Outcome);
        AssertFreeloaderBeaten(l1.Rebuild(record), history);
    }

    private static void AssertFreeloaderBeaten(OutputDisputeGame game, IOutputHistory history)
    {
        AssertHonestWon(game, history);
        var resolution = game.Resolution!;
        var freeloaded = 0;
        for (var g = 0; g < game.ClaimCount; g++)
        {
            if (game.Claim(g).Claimant != FreeloaderAddress) continue;
            freeloaded++;
            Assert.True(resolution.Countered[g], $"freeloader claim {g} stands");
        }
        Assert.True(freeloaded > 0, "the freeloader made no claim");
        Assert.Equal(UInt128.Zero, resolution.PaidTo(FreeloaderAddress));
    }

    /// <summary>
    /// The honest side's invariants: none of its claims is countered, it is paid at least what it bonded, and each of its
    /// moves answers a wrong claim or a claim that counters one it stands behind (never a correct claim on its side).
    /// </summary>
    internal static void AssertHonestWon(OutputDisputeGame game, IOutputHistory history)
    {
        var resolution = game.Resolution!;
        var bonded = UInt128.Zero;
        var stands = new bool[game.ClaimCount];
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            var parent = game.ParentOf(g);
            stands[g] = claim.Claimant == Honest || (parent < 0 && DisputeSolver.IsTrue(game, history, g));
            if (claim.Claimant != Honest) continue;
            bonded += claim.Bond;
            Assert.False(resolution.Countered[g], $"honest claim {g} was countered");
            if (parent < 0) continue;
            var countersMine = game.ParentOf(parent) is var above && above >= 0 && stands[above];
            Assert.True(countersMine || !DisputeSolver.IsTrue(game, history, parent), $"honest claim {g} counters correct claim {parent}");
        }
        Assert.True(resolution.PaidTo(Honest) >= bonded);
    }

    /// <summary>Every party ticks once a round (a second of L1 time); a round where nobody moves lets the clocks run.</summary>
    private static async Task Play(MultiPartyDisputeL1 l1, params Func<CancellationToken, Task<int>>[] parties)
    {
        for (var round = 0; round < 400 && l1.Game(1)?.Outcome is null; round++)
        {
            var moved = 0;
            foreach (var party in parties) moved += await party(CancellationToken.None);
            l1.NowMs += 1_000;
            if (moved == 0) l1.NowMs += 30_000;
        }
        Assert.NotNull(l1.Game(1)?.Outcome);
    }

    internal static MultiPartyDisputeL1 L1With(List<L2Block> blocks, Hash256 proposed)
    {
        var l1 = new MultiPartyDisputeL1(Rollup, Records);
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 0, 0, blocks[0].Header.Output.Root, default, 0, 0, 0, OutputStatus.Finalized));
        l1.Outputs.Add(new RollupOutputRecord(Rollup.Id, 1, 3, proposed, Proposer, Rollup.ProposerBond, 1, l1.NowMs, OutputStatus.Proposed));
        return l1;
    }

    internal static Func<ulong, L2Block?> BlockOf(List<L2Block> blocks) => n => n < (ulong)blocks.Count ? blocks[(int)n] : null;

    internal static (ChainOutputHistory History, List<L2Block> Blocks) Chain()
    {
        var store = new InMemorySmtNodeStore();
        var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var executor = new L2BlockExecutor(machine);
        var blocks = new List<L2Block> { new(TestKeys.Genesis, [], []) };
        for (var n = 1; n <= 3; n++)
        {
            var parent = blocks[^1].Header;
            var deposits = n == 1 ? new[] { new L2Deposit(0, TestKeys.Key(0).Address, 500) } : [];
            blocks.Add(executor.Execute(parent, new L2BlockInputs(10, parent.TimestampMs + 1, deposits, [],
                [TestKeys.Transfer(0, TestKeys.Addr((byte)(0xB0 + n)), (ulong)n, (ulong)n - 1), TestKeys.Transfer(0, TestKeys.Addr(0xB9), 2, (ulong)n + 2)])).Block);
        }
        return (new ChainOutputHistory(BlockOf(blocks), store, machine.Context), blocks);
    }
}
