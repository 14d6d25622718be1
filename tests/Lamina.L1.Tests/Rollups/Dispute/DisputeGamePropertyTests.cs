using CsCheck;
using Lamina.Core;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// All against all: one honest party and up to five liars making random moves (true values, garbage, attacks,
/// defences, steps, at random L1 times) on a real block's execution. The honest side always wins, loses no bond,
/// makes at most one move per claim it answers, and the game is resolvable within the stated bound; replaying the
/// same moves gives the same resolution.
/// </summary>
public sealed class DisputeGamePropertyTests
{
    private static readonly Address Honest = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());
    private static readonly Address Proposer = new(Enumerable.Repeat((byte)0xB0, Address.Size).ToArray());
    private static readonly DisputeKit Lying = DisputeKit.Block(8, rejectAt: 5, seed: 3);

    private static Address Liar(int i) => new(Enumerable.Repeat((byte)(0xC0 + i), Address.Size).ToArray());

    private sealed record LiarMove(int Liar, int Pick, int Kind, int Value, ulong DelayMs);

    private static readonly Gen<LiarMove> GenMove = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1000], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Frequency((4, Gen.ULong[1, 60]), (1, Gen.ULong[1_000, 4_000])))
        .Select((l, p, k, v, d) => new LiarMove(l, p, k, v, d));

    /// <summary>Root kinds: 0 honest proposer (liars challenge it), 1 garbage root, 2 the block that records a rejected transaction as applied.</summary>
    private static readonly Gen<(int Root, LiarMove[] Moves)> GenGame = Gen.Select(Gen.Int[0, 2], GenMove.Array[0, 40]);

    [Fact]
    public void Honest_party_wins_against_any_number_of_liars_within_the_bound()
    {
        var steps = 0;
        GenGame.Sample(g => steps += Play(g.Root, g.Moves), iter: 150, threads: 1);
        // The property must reach the leaf, not only the upper levels.
        Assert.True(steps > 0, "no game reached a one-step proof");
    }

    /// <summary>Plays one game and checks it; returns how many one-step proofs were accepted.</summary>
    private static int Play(int rootKind, LiarMove[] moves)
    {
        var kit = Lying;
        var honestRoot = kit.Final;
        var root = rootKind switch
        {
            0 => honestRoot.Commitment,
            1 => DisputeKit.Garbage(77),
            _ => (honestRoot with { AllApplied = true }).Commitment,
        };
        var proposer = rootKind == 0 ? Honest : Proposer;
        var game = new DisputeGame(DisputeKit.Config, DisputeKit.Context, kit.Prestate, root, proposer, 1_000);
        var log = new List<(DisputeMove Move, Address Mover, UInt128 Bond, ulong Ms)>();
        var honest = new HonestPlayer(kit, game, Honest, log);
        var now = 1_000UL;
        honest.Respond(now);
        foreach (var m in moves)
        {
            now += m.DelayMs;
            TryLiar(game, kit, honest, m, now, log);
            now += 1;
            honest.Respond(now);
        }
        honest.Respond(now + 1);

        var bound = 1_000 + game.ResolutionBoundMs;
        var resolution = game.Resolve(bound);
        Assert.Equal(rootKind == 0 ? DisputeOutcome.DefenderWins : DisputeOutcome.ChallengerWins, resolution.Outcome);

        var honestBonds = honest.Bonded + (rootKind == 0 ? game.Claims[0].Bond : UInt128.Zero);
        Assert.True(resolution.PaidTo(Honest) >= honestBonds, $"honest paid {resolution.PaidTo(Honest)} for {honestBonds} bonded");
        var total = UInt128.Zero;
        foreach (var claim in game.Claims) total += claim.Bond;
        var paid = UInt128.Zero;
        foreach (var (_, amount) in resolution.Payouts) paid += amount;
        Assert.Equal(total, paid);
        var others = game.Claims.Count(c => c.Claimant != Honest);
        Assert.True(honest.Moves <= others, $"{honest.Moves} honest moves for {others} other claims");
        for (var i = 0; i < game.Claims.Count; i++)
        {
            if (game.Claims[i].Claimant == Honest) Assert.False(resolution.Countered[i], $"honest claim {i} was countered");
            if (!resolution.Countered[i]) { Assert.Equal(game.Claims[i].Claimant, resolution.Payouts[i].To); continue; }
            // A lost bond goes to the one-step prover, or to the claimant of the leftmost uncountered counter.
            var counters = game.Claims.Where(c => c.ParentIndex == i && !resolution.Countered[c.Index]).OrderBy(c => c.Position.IndexAtDepth).ThenBy(c => c.Index).ToList();
            Assert.Equal(game.Claims[i].SteppedBy ?? counters[0].Claimant, resolution.Payouts[i].To);
        }

        var replay = new DisputeGame(DisputeKit.Config, DisputeKit.Context, kit.Prestate, root, proposer, 1_000);
        foreach (var (move, mover, bond, ms) in log) replay.Apply(DisputeMove.Decode(move.Encode()), mover, bond, ms);
        var again = replay.Resolve(bound);
        Assert.Equal(resolution.Outcome, again.Outcome);
        Assert.Equal(resolution.Countered, again.Countered);
        Assert.Equal(resolution.Payouts, again.Payouts);
        return game.Claims.Count(c => c.SteppedBy is not null);
    }

    private static void TryLiar(DisputeGame game, DisputeKit kit, HonestPlayer honest, LiarMove m, ulong now, List<(DisputeMove, Address, UInt128, ulong)> log)
    {
        var index = m.Pick % game.Claims.Count;
        var parent = game.Claims[index];
        var liar = Liar(m.Liar);
        DisputeMove move;
        UInt128 bond = 0;
        if (parent.Position.Depth == game.Config.MaxDepth)
        {
            var traceIndex = parent.Position.TraceIndex(game.Config.MaxDepth);
            var attack = m.Kind != 1;
            var pre = attack ? (traceIndex == 0 ? kit.Prestate : kit.At(traceIndex - 1)) : kit.At(traceIndex);
            move = DisputeMove.StepOn((uint)index, attack, kit.ProofFrom(pre));
        }
        else
        {
            if (m.Kind == 1 && parent.IsRoot) return;
            var position = m.Kind == 1 ? parent.Position.Defend() : parent.Position.Attack();
            var value = m.Value switch { 0 => honest.Truth(position), 1 => DisputeKit.Garbage((ulong)m.Liar), _ => DisputeKit.Garbage((ulong)m.Pick + 100) };
            bond = game.Config.BondAt(position.Depth);
            move = m.Kind == 1 ? DisputeMove.Defend((uint)index, value) : DisputeMove.Attack((uint)index, value);
        }
        try
        {
            game.Apply(move, liar, bond, now);
            log.Add((move, liar, bond, now));
        }
        catch (InvalidDisputeMoveException)
        {
            // Refused moves (expired clocks, duplicates, steps that confirm) change nothing: L1 would revert them.
        }
    }
}
