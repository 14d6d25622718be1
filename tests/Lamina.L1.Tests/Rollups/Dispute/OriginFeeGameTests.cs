using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// Fees in the game (issue 14): each execution subgame runs under its block's fee schedule at the L1 origin's blob base
/// fee (<see cref="OutputDisputeGame"/>'s fees at origin), so a proposer that executed a block at a stale, lower price
/// — applying a transaction that pays less than the origin requires — loses the step; with the old fixed fee-free
/// context the same lie stood.
/// </summary>
public sealed class OriginFeeGameTests
{
    private static readonly Address Honest = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());
    private static readonly Address Liar = new(Enumerable.Repeat((byte)0xC1, Address.Size).ToArray());
    private static readonly OptimisticFeeSchedule AtOrigin = new(10, 7, 80, 100);   // requires 710
    private static readonly OptimisticFeeSchedule Stale = new(10, 3, 80, 100);      // requires 310

    private static List<List<OneStepTransaction>> Lists(ulong seed)
    {
        var signers = DisputeKit.Signers;
        var first = new List<OneStepTransaction>();
        for (var d = 0; d < signers.Length; d++) first.Add(OneStepTransaction.ForDeposit((ulong)d, signers[d].Address, 100_000));
        var nonces = new ulong[signers.Length];
        OneStepTransaction Pay(int from, ulong fee) => OneStepTransaction.ForTransfer(OptimisticTransfer.Create(signers[from], DisputeKit.ChainId, DisputeKit.RollupId,
            signers[(from + 1) % signers.Length].Address, 1 + seed % 50, fee, nonces[from]++));
        first.Add(Pay(0, 800));
        var second = new List<OneStepTransaction> { Pay(1, 900), Pay(2, 400 + seed % 300), Pay((int)(seed % 4), 710) };
        return [first, second];
    }

    private static DisputeOutcome Play(ulong seed, OptimisticFeeSchedule gameFees)
    {
        var lists = Lists(seed);
        var context = DisputeKit.Context;
        // The liar executed block 2 at the stale price; the honest challenger holds its list and runs it at the origin's.
        var lying = new ListChain(lists, context with { Fees = Stale });
        var derived = new ListChain(lists, context with { Fees = AtOrigin });
        Assert.NotEqual(derived.OutputRoot(2), lying.OutputRoot(2));
        Assert.Equal(derived.OutputRoot(1), lying.OutputRoot(1));
        var judged = new DisputeKit(lists[1], derived.Trace(1).Final.StateRoot, derived.Store, context with { Fees = AtOrigin });
        Assert.False(judged.Final.AllApplied);
        derived.Judged = (2, judged);
        var game = new OutputDisputeGame(OutputDisputeGameTests.Config, context, derived.Output(0)!.Value, 2, lying.OutputRoot(2), Liar, 1_000, _ => gameFees);
        var log = new List<PlayedMove>();
        var honest = new OutputPlayer(game, derived, Honest, gameFees == AtOrigin, log);
        var liar = new OutputPlayer(game, lying, Liar, false, log);
        var now = 1_000UL;
        for (var round = 0; round < 500; round++)
            if (honest.Respond(now += 10) + liar.Respond(now += 10) == 0) break;
        var outcome = game.Resolve(1_000 + game.ResolutionBoundMs).Outcome;
        if (gameFees == AtOrigin) Assert.Contains(log, m => m.Move.IsStep && m.Mover == Honest);
        return outcome;
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(17UL)]
    [InlineData(299UL)]
    public void A_block_executed_at_a_stale_fee_loses_at_its_origins_fee(ulong seed)
    {
        Assert.Equal(DisputeOutcome.ChallengerWins, Play(seed, AtOrigin));
        Assert.Equal(DisputeOutcome.DefenderWins, Play(seed, Stale));
    }
}
