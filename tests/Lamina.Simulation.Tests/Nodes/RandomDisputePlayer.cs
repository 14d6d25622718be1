using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A liar that does not play by any history: on each tick, in about half of them, it counters one random claim of an
/// open game by attacking or defending it, with the true value at that position (a <b>freeloader</b>: it takes the
/// honest side's answer where the honest party would have to give it, or counters a claim nobody needs to, hoping for
/// the bond) or with garbage. It locks the right bond, so L1 accepts every move its clocks allow. At most
/// <see cref="MaxMovesPerGame"/> moves per game, so a run ends.
/// </summary>
internal sealed class RandomDisputePlayer(NodeSimulation sim, DisputeParty party, RollupConfig rollup, SimL2Chain truth, SplitMix64 rng, bool freeload)
{
    private const int MaxMovesPerGame = 8;
    private static readonly DomainTag Tag = new("lamina/sim/garbage-claim");
    private readonly Dictionary<ulong, int> _moves = []; // lookup only: moves made per disputed output

    public async Task<int> TickAsync()
    {
        var l1 = sim.L1For(party);
        foreach (var output in await l1.OutputsAsync(CancellationToken.None))
        {
            if (output.Status != OutputStatus.Disputed || !rng.Chance(0.5)) continue;
            if (_moves.TryGetValue(output.Index, out var made) && made >= MaxMovesPerGame) continue;
            if (await l1.GameAsync(output.Index, CancellationToken.None) is not { Outcome: null } record) continue;
            var game = await ChallengerAgent.RebuildAsync(l1, rollup, record, CancellationToken.None);
            if (Pick(game) is not { } move) continue;
            _moves[output.Index] = made + 1;
            await l1.SendAsync(new DisputeMovePayload(rollup.Id, output.Index, move.Bond, move.Move), CancellationToken.None);
            return 1;
        }
        return 0;
    }

    /// <summary>The true point at a trace index of subgame <paramref name="sub"/>: of the block's list, or in a derived subgame of its masked list.</summary>
    private ExecutionPoint? TruePoint(OutputDisputeGame game, int sub, ulong traceIndex)
    {
        var subgame = game.Subgames[sub];
        var block = game.BlockOf(game.Blocks.Claims[subgame.PostClaim]);
        if (subgame.Derived is not { } derived) return truth.History.Point(block, traceIndex);
        return truth.Derived.Execution(block) is { } execution && execution.Covers(derived) ? execution.PointAt(derived, traceIndex) : null;
    }

    /// <summary>A bisection move on a random claim (the newer half of the game more often), or null when that claim takes none.</summary>
    private SolverMove? Pick(OutputDisputeGame game)
    {
        var g = game.ClaimCount - 1 - rng.NextInt(Math.Min(game.ClaimCount, 1 + rng.NextInt(game.ClaimCount)));
        var claim = game.Claim(g);
        var (sub, _) = game.Locate(g);
        var attack = claim.IsRoot || rng.Chance(0.5);
        var depth = sub < 0 ? game.Config.BlockDepth : game.Config.Execution.MaxDepth;
        if (claim.Position.Depth >= depth) return null;
        var position = attack ? claim.Position.Attack() : claim.Position.Defend();
        Hash256 value;
        if (!freeload) value = DomainHasher.Hash(Tag, BitConverter.GetBytes(rng.NextU64()));
        else if (sub < 0) value = truth.History.OutputRoot(game.BlockAt(position.TraceIndex(depth)));
        else if (TruePoint(game, sub, position.TraceIndex(depth)) is { } point) value = point.Commitment;
        else return null;
        var bond = sub < 0 ? game.Config.BondAt(position.Depth) : game.Subgames[sub].Game.Config.BondAt(position.Depth);
        return new SolverMove(attack ? DisputeMove.Attack((uint)g, value) : DisputeMove.Defend((uint)g, value), bond);
    }
}
