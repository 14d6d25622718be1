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

    private sealed record Noise(int Liar, int Pick, int Kind, bool Attack, bool TrueValue, ulong DelayMs);

    private static readonly Gen<Noise> GenNoise = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 10_000], Gen.Int[0, 3], Gen.Bool, Gen.Bool, Gen.Frequency((4, Gen.ULong[1, 50]), (1, Gen.ULong[500, 3_000])))
        .Select((l, p, k, a, t, d) => new Noise(l, p, k, a, t, d));

    [Fact]
    public void The_honest_side_wins_against_several_liars_making_random_moves()
    {
        Gen.Select(GenCase, GenNoise.Array[0, 30]).Sample((c, noise) => Play(c.Blocks, c.Disputed, c.FaultAt, c.Kind, c.Seed, noise), iter: 40, threads: 1);
    }

    /// <summary>
    /// Cases the random test found against the solver that countered freeloaders: a freeloader placed between two wrong
    /// claims (any counter is clamped against the wrong left bound), a freeloader under a nearly spent liar-side clock,
    /// and a lying view asked to bisect a descent root it holds true; and a test whose honest player answered only after
    /// the next liar's move, up to 3 s late, so it ran out of time (0pHVRq9X8Uo1; the honest player now answers at once).
    /// </summary>
    [Theory]
    [InlineData("2bzSAbcWfb_1")]
    [InlineData("7Pga028JZna1")]
    [InlineData("a5BnYWppUk-1")]
    [InlineData("0wa5FfdPTdu1")]
    [InlineData("0pHVRq9X8Uo1")]
    public void Found_cases_of_liars_making_random_moves(string seed)
    {
        Gen.Select(GenCase, GenNoise.Array[0, 30]).Sample((c, noise) => Play(c.Blocks, c.Disputed, c.FaultAt, c.Kind, c.Seed, noise), iter: 1, threads: 1, seed: seed);
    }

    /// <summary>A random move by one of several extra liars: bisection with a true or garbage value, a descent, a clamp or a reveal.</summary>
    private static void RandomMove(OutputDisputeGame game, ChainKit chain, Noise n, ulong now, List<PlayedMove> log)
    {
        try
        {
            TryRandomMove(game, chain, n, now, log);
        }
        catch (InvalidDisputeMoveException)
        {
            // Refused, as a liar's move may be: the game is unchanged.
        }
    }

    private static void TryRandomMove(OutputDisputeGame game, ChainKit chain, Noise n, ulong now, List<PlayedMove> log)
    {
        var g = n.Pick % game.ClaimCount;
        var claim = game.Claim(g);
        var (sub, _) = game.Locate(g);
        var liar = new Address(Enumerable.Repeat((byte)(0xD0 + n.Liar), Address.Size).ToArray());
        var garbage = DisputeKit.Garbage((ulong)n.Pick * 31 + (ulong)n.Kind);
        DisputeMove move;
        UInt128 bond = 0;
        if (sub < 0 && claim.Position.Depth == game.Config.BlockDepth && n.Kind < 3)
        {
            var (pre, post, _) = game.Ends(claim, n.Attack);
            var final = chain.Final(game.BlockOf(post));
            move = n.Kind == 2 ? DisputeMove.Clamp((uint)g, n.Attack)
                : DisputeMove.Descend((uint)g, n.Attack, new SplitOpening(n.TrueValue ? final : final with { StateRoot = garbage }, chain.Output(game.BlockOfPre(pre))!.Value, 0));
            if (n.Kind != 2) bond = game.Config.ExecutionLevel.BaseBond;
        }
        else if (n.Kind == 3 && sub < 0)
        {
            move = DisputeMove.Reveal((uint)g, chain.Header(game.BlockOf(claim))!);
        }
        else
        {
            var depth = sub < 0 ? game.Config.BlockDepth : game.Config.Execution.MaxDepth;
            if (claim.Position.Depth >= depth || (claim.IsRoot && !n.Attack)) return;
            var position = n.Attack ? claim.Position.Attack() : claim.Position.Defend();
            var truth = sub < 0 ? chain.OutputRoot(game.BlockAt(position.TraceIndex(depth)))
                : chain.Point(game.BlockOf(game.Blocks.Claims[game.Subgames[sub].PostClaim]), position.TraceIndex(depth))!.Value.Commitment;
            move = n.Attack ? DisputeMove.Attack((uint)g, n.TrueValue ? truth : garbage) : DisputeMove.Defend((uint)g, n.TrueValue ? truth : garbage);
            bond = sub < 0 ? game.Config.BondAt(position.Depth) : game.Subgames[sub].Game.Config.BondAt(position.Depth);
        }
        game.Apply(move, liar, bond, now);
        log.Add(new PlayedMove(move, liar, bond, now));
    }

    /// <summary>
    /// The bond rule, fees included: what the liars lost (the bonds of their countered claims) is at least what
    /// the honest side paid in L1 gas (its moves as L1 transactions, its create against a wrong root, and a resolve) at
    /// <see cref="DisputeEconomics.BreakEvenGasPrice"/>; compared as lost × refutation gas ≥ gas × root bond, so the
    /// test's small bonds do not round the price to zero.
    /// </summary>
    private static void LiesCostAtLeastTheirRefutation(OutputDisputeGame game, DisputeResolution resolution, List<PlayedMove> log, bool honestCreates)
    {
        ulong gas = DisputeResolvePayload.Gas;
        foreach (var m in log)
        {
            if (m.Mover != Honest) continue;
            gas += honestCreates && m.Move.ParentIndex == 0 && m.Move.Kind == DisputeMoveKind.Attack
                ? DisputeCreatePayload.Gas
                : new DisputeMovePayload(1, 1, m.Bond, m.Move).IntrinsicGas;
        }
        var lost = UInt128.Zero;
        for (var g = 0; g < game.ClaimCount; g++)
            if (resolution.Countered[g] && game.Claim(g).Claimant != Honest) lost += game.Claim(g).Bond;
        Assert.True(lost * DisputeEconomics.MaxRefutationGas(Config) >= (UInt128)gas * Config.Execution.BaseBond,
            $"the liars lost {lost} in bonds; the honest side's {gas} gas at the break-even price {DisputeEconomics.BreakEvenGasPrice(Config)} would cost more");
    }

    internal sealed record Result(DisputeOutcome Outcome, int Steps, int Descents, int Moves);

    /// <summary>Plays one game to the end and checks the invariants; returns what happened.</summary>
    internal static Result Play(int blocks, int disputed, int faultAt, int kind, ulong seed) => Play(blocks, disputed, faultAt, kind, seed, []);

    private static Result Play(int blocks, int disputed, int faultAt, int kind, ulong seed, Noise[] noise)
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
        // The extra liars take their time (up to 3 s, past the 1 s extension); the honest side answers every claim within
        // a few ms, the premise of the all-vs-all bound. (An honest side that waited for the next liar's move before
        // answering could run out of time on a path whose clock a slow freeloader had spent: seed 0pHVRq9X8Uo1.)
        if (noise.Length > 0)
        {
            honest.Respond(now += 1);
            liar.Respond(now += 1);
        }
        foreach (var n in noise)
        {
            RandomMove(game, chain, n, now += n.DelayMs, log);
            honest.Respond(now += 1);
            liar.Respond(now += 1);
            honest.Respond(now += 1);
        }
        for (var round = 0; round < 500; round++)
        {
            var made = honest.Respond(now += 10) + liar.Respond(now += 10);
            if (made == 0) break;
        }
        // Right after the last move someone can still answer it (without noise the last moves are a few ms old).
        if (noise.Length == 0) Assert.Throws<InvalidDisputeMoveException>(() => game.Resolve(now));
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
        LiesCostAtLeastTheirRefutation(game, resolution, log, liarProposes);

        var replay = new OutputDisputeGame(Config, DisputeKit.Context, chain.Output(0)!.Value, (ulong)disputed, root, liarProposes ? Liar : Honest, start);
        foreach (var m in log) replay.Apply(DisputeMove.Decode(m.Move.Encode()), m.Mover, m.Bond, m.Ms);
        Assert.Equal(resolution.Payouts, replay.Resolve(start + game.ResolutionBoundMs).Payouts);
        var steps = log.Count(m => m.Move.IsStep);
        var descents = log.Count(m => m.Move.Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend);
        return new Result(resolution.Outcome, steps, descents, log.Count);
    }
}
