using Lamina.Core;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>Clocks, extensions, bonds and payouts of the game, on hand-played games.</summary>
public sealed class DisputeGameRulesTests
{
    private static readonly Address Proposer = new(Enumerable.Repeat((byte)0xB0, Address.Size).ToArray());
    private static readonly Address Challenger = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());
    private static readonly DisputeKit Kit = DisputeKit.Block(8, rejectAt: 5, seed: 3);
    private static readonly DisputeGameConfig Config = DisputeKit.Config;

    private static DisputeGame LyingBlockGame() =>
        new(Config, DisputeKit.Context, Kit.Prestate, (Kit.Final with { AllApplied = true }).Commitment, Proposer, 0);

    /// <summary>The lying block's trace: the honest roots, every point claiming all transactions applied.</summary>
    private static Hash256 LieAt(GamePosition p) => (Kit.At(p.TraceIndex(Config.MaxDepth)) with { AllApplied = true }).Commitment;

    [Fact]
    public void The_lying_block_is_bisected_to_its_rejected_transaction_and_stepped()
    {
        var game = LyingBlockGame();
        var log = new List<(DisputeMove, Address, UInt128, ulong)>();
        var honest = new HonestPlayer(Kit, game, Challenger, log);
        var now = 10UL;
        honest.Respond(now);
        // The proposer answers every challenger claim with its own trace, until a step is all that is left.
        for (var round = 0; round < Config.MaxDepth; round++)
        {
            var last = game.Claims[^1];
            if (last.Position.Depth == Config.MaxDepth) break;
            var agree = last.Commitment == LieAt(last.Position);
            var position = agree ? last.Position.Defend() : last.Position.Attack();
            game.Apply(agree ? DisputeMove.Defend((uint)last.Index, LieAt(position)) : DisputeMove.Attack((uint)last.Index, LieAt(position)), Proposer, Config.BondAt(position.Depth), now += 5);
            honest.Respond(now += 5);
        }
        var leaf = game.Claims.Single(c => c.SteppedBy is not null);
        Assert.Equal(Challenger, leaf.SteppedBy);
        var rejected = (ulong)Enumerable.Range(0, Kit.Transactions.Count).First(c => Kit.Points[c].AllApplied && !Kit.Points[c + 1].AllApplied);
        var stepped = leaf.Position.TraceIndex(Config.MaxDepth);
        Assert.True(stepped == rejected || stepped + 1 == rejected, $"stepped at trace index {stepped}, the rejected transaction is {rejected}");

        Assert.Equal(DisputeError.NotResolvable, Assert.Throws<InvalidDisputeMoveException>(() => game.Resolve(now)).Error);
        var resolution = game.Resolve(game.ResolutionBoundMs);
        Assert.Equal(DisputeOutcome.ChallengerWins, resolution.Outcome);
        var proposerBonds = game.Claims.Where(c => c.Claimant == Proposer).Aggregate(UInt128.Zero, (s, c) => s + c.Bond);
        var all = game.Claims.Aggregate(UInt128.Zero, (s, c) => s + c.Bond);
        Assert.Equal(UInt128.Zero, resolution.PaidTo(Proposer));
        Assert.Equal(all, resolution.PaidTo(Challenger));
        Assert.True(proposerBonds > 0);
    }

    [Fact]
    public void A_side_that_stops_moving_loses_on_time_and_no_claim_is_made_after_the_clock()
    {
        var game = LyingBlockGame();
        var attack = game.Attack(0, Kit.At(Config.TraceLength / 2 - 1).Commitment, Challenger, Config.BondAt(1), 100);
        // The proposer never answers: after its clock on this path runs out nobody can counter the attack.
        var expiry = game.Claims[attack].CreatedMs + Config.MaxClockMs - game.Claims[0].ClockMs;
        var late = Assert.Throws<InvalidDisputeMoveException>(() => game.Attack((uint)attack, LieAt(game.Claims[attack].Position.Attack()), Proposer, Config.BondAt(2), expiry));
        Assert.Equal(DisputeError.ClockExpired, late.Error);
        game.Attack((uint)attack, LieAt(game.Claims[attack].Position.Attack()), Proposer, Config.BondAt(2), expiry - 1);
        Assert.Equal(DisputeError.ClockExpired, Assert.Throws<InvalidDisputeMoveException>(() => game.Attack(0, DisputeKit.Garbage(1), Proposer, Config.BondAt(1), expiry)).Error);
    }

    [Fact]
    public void A_last_moment_move_gets_an_extension_and_cannot_win_by_timeout()
    {
        var game = LyingBlockGame();
        // The challenger answers the root one millisecond before its clock runs out.
        var at = Config.MaxClockMs - 1;
        var attack = game.Attack(0, Kit.At(Config.TraceLength / 2 - 1).Commitment, Challenger, Config.BondAt(1), at);
        Assert.Equal(Config.MaxClockMs - Config.ExtensionMs, game.Claims[attack].ClockMs);
        // The proposer replies at once; the challenger still has exactly one extension to answer it.
        var reply = game.Attack((uint)attack, LieAt(game.Claims[attack].Position.Attack()), Proposer, Config.BondAt(2), at + 1);
        Assert.Equal(Config.ExtensionMs, Config.MaxClockMs - game.CounterClockMs(game.Claims[reply], at + 1));
        game.Attack((uint)reply, Kit.At(game.Claims[reply].Position.Attack().TraceIndex(Config.MaxDepth)).Commitment, Challenger, Config.BondAt(3), at + Config.ExtensionMs);
    }

    [Fact]
    public void Bonds_grow_by_1_09493_per_level_in_fixed_point()
    {
        var config = DisputeGameConfig.Production(1_000_000_000_000_000_000);
        Assert.Equal((UInt128)1_000_000_000_000_000_000, config.BondAt(0));
        Assert.Equal((UInt128)1_094_930_000_000_000_000, config.BondAt(1));
        for (var d = 1; d <= config.MaxDepth; d++)
        {
            // Exact value base × 109493^d / 100000^d, against the per-level floor: below it by less than 2 wei per level.
            var exact = System.Numerics.BigInteger.Pow(109_493, d) * 1_000_000_000_000_000_000 / System.Numerics.BigInteger.Pow(100_000, d);
            var bond = (System.Numerics.BigInteger)config.BondAt(d);
            Assert.True(bond <= exact && exact - bond < 2 * d, $"depth {d}: {bond} vs {exact}");
            Assert.True(config.BondAt(d) > config.BondAt(d - 1));
        }
        Assert.Throws<OverflowException>(() => new DisputeGameConfig(63, 10, 1, UInt128.MaxValue / 2).BondAt(1));
    }

    [Fact]
    public void Moves_are_refused_with_typed_errors()
    {
        var game = LyingBlockGame();
        Assert.Equal(DisputeError.BondMismatch, Assert.Throws<InvalidDisputeMoveException>(() => game.Attack(0, DisputeKit.Garbage(1), Challenger, Config.BondAt(1) - 1, 1)).Error);
        Assert.Equal(DisputeError.InvalidPosition, Assert.Throws<InvalidDisputeMoveException>(() => game.Defend(0, DisputeKit.Garbage(1), Challenger, Config.BondAt(1), 1)).Error);
        Assert.Equal(DisputeError.UnknownClaim, Assert.Throws<InvalidDisputeMoveException>(() => game.Attack(9, DisputeKit.Garbage(1), Challenger, Config.BondAt(1), 1)).Error);
        game.Attack(0, DisputeKit.Garbage(1), Challenger, Config.BondAt(1), 5);
        Assert.Equal(DisputeError.DuplicateClaim, Assert.Throws<InvalidDisputeMoveException>(() => game.Attack(0, DisputeKit.Garbage(1), Challenger, Config.BondAt(1), 5)).Error);
        Assert.Equal(DisputeError.TimeRegressed, Assert.Throws<InvalidDisputeMoveException>(() => game.Attack(0, DisputeKit.Garbage(2), Challenger, Config.BondAt(1), 4)).Error);
        Assert.Equal(DisputeError.WrongDepth, Assert.Throws<InvalidDisputeMoveException>(() => game.Apply(DisputeMove.StepOn(0, true, Kit.ProofFrom(Kit.Prestate)), Challenger, 0, 6)).Error);
    }
}
