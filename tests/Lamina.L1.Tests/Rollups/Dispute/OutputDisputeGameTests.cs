using CsCheck;
using Lamina.Core;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// The two-level game: bisection over L2 blocks, a descent into the first disagreed block, bisection over its
/// transactions and the one step, played by the solver on both sides (each with its own view of the chain).
/// </summary>
public sealed class OutputDisputeGameTests
{
    internal static readonly OutputGameConfig Config = new(3, new DisputeGameConfig(4, 10_000, 1_000, 1_000_000));
    private static readonly Address Honest = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());
    private static readonly Address Liar = new(Enumerable.Repeat((byte)0xC1, Address.Size).ToArray());

    /// <summary>Kinds: 0 a proposer whose state goes wrong at a block, 1 a garbage root, 2 an honest root and a lying challenger.</summary>
    private static readonly Gen<(int Blocks, int Disputed, int FaultAt, int Kind, ulong Seed)> GenCase =
        Gen.Select(Gen.Int[1, 7], Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[0, 2], Gen.ULong[0, 1_000])
            .Select((n, d, f, k, s) => (n, 1 + d % n, 0, k, s))
            .SelectMany(c => Gen.Int[1, c.Item2].Select(f => (c.Item1, c.Item2, f, c.Item4, c.Item5)));

    [Fact]
    public void The_honest_side_wins_every_fault_across_blocks_and_transactions()
    {
        var steps = 0;
        GenCase.Sample(c => steps += Play(c.Blocks, c.Disputed, c.FaultAt, c.Kind, c.Seed).Steps, iter: 60, threads: 1);
        Assert.True(steps > 0, "no game reached a one-step proof");
    }

    [Fact]
    public void A_wrong_state_root_is_bisected_to_its_block_and_stepped()
    {
        var result = Play(blocks: 7, disputed: 6, faultAt: 4, kind: 0, seed: 11);
        Assert.Equal(DisputeOutcome.ChallengerWins, result.Outcome);
        Assert.True(result.Steps >= 1 && result.Descents >= 1, $"steps {result.Steps}, descents {result.Descents}");
    }

    [Fact]
    public void A_lying_challenger_loses_against_an_honest_root()
    {
        var result = Play(blocks: 5, disputed: 5, faultAt: 2, kind: 2, seed: 5);
        Assert.Equal(DisputeOutcome.DefenderWins, result.Outcome);
    }

    internal sealed record Result(DisputeOutcome Outcome, int Steps, int Descents, int Moves);

    /// <summary>Plays one game to the end and checks the invariants; returns what happened.</summary>
    internal static Result Play(int blocks, int disputed, int faultAt, int kind, ulong seed)
    {
        var chain = new ChainKit(blocks, seed);
        IOutputHistory lying = kind == 1 ? new LyingChain(chain, ulong.MaxValue, (ulong)disputed) : new LyingChain(chain, (ulong)faultAt);
        var liarProposes = kind != 2;
        var root = liarProposes ? lying.OutputRoot((ulong)disputed) : chain.OutputRoot((ulong)disputed);
        var start = 1_000UL;
        var game = new OutputDisputeGame(Config, DisputeKit.Context, chain.Output(0)!.Value, (ulong)disputed, root, liarProposes ? Liar : Honest, start);
        var log = new List<PlayedMove>();
        var honest = new OutputPlayer(game, chain, Honest, true, log);
        var liar = new OutputPlayer(game, lying, Liar, false, log);
        var now = start;
        for (var round = 0; round < 500; round++)
        {
            var made = honest.Respond(now += 10) + liar.Respond(now += 10);
            if (made == 0) break;
        }
        Assert.Throws<InvalidDisputeMoveException>(() => game.Resolve(now));
        var resolution = game.Resolve(start + game.ResolutionBoundMs);
        var expected = liarProposes ? DisputeOutcome.ChallengerWins : DisputeOutcome.DefenderWins;
        Assert.True(expected == resolution.Outcome, $"blocks {blocks}, disputed {disputed}, fault at {faultAt}, kind {kind}, seed {seed}: {resolution.Outcome}");
        var bonds = UInt128.Zero;
        for (var g = 0; g < game.ClaimCount; g++)
        {
            var claim = game.Claim(g);
            bonds += claim.Bond;
            if (claim.Claimant == Honest) Assert.False(resolution.Countered[g], $"honest claim {g} was countered");
        }
        var paid = UInt128.Zero;
        foreach (var (_, amount) in resolution.Payouts) paid += amount;
        Assert.Equal(bonds, paid);
        Assert.True(resolution.PaidTo(Honest) >= honest.Bonded, "the honest side lost bond");

        var replay = new OutputDisputeGame(Config, DisputeKit.Context, chain.Output(0)!.Value, (ulong)disputed, root, liarProposes ? Liar : Honest, start);
        foreach (var m in log) replay.Apply(DisputeMove.Decode(m.Move.Encode()), m.Mover, m.Bond, m.Ms);
        Assert.Equal(resolution.Payouts, replay.Resolve(start + game.ResolutionBoundMs).Payouts);
        var steps = log.Count(m => m.Move.IsStep);
        var descents = log.Count(m => m.Move.Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend);
        return new Result(resolution.Outcome, steps, descents, log.Count);
    }
}
