using CsCheck;
using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// List availability (issue 14): a proposer whose block lists something other than what derivation takes from L1 —
/// a transfer replaced by another the same user signed but the batcher never posted, or two posted transfers in
/// another order — executes its own list correctly and keeps it to itself. The honest challenger knows only
/// derivation's list. With lists derived on L1 (<see cref="OutputGameConfig.DerivedLists"/>) it wins; on the old
/// path, where the game plays the header's list, the liar's reveal refutes the challenger and the lie stands.
/// </summary>
public sealed class ListWithholdingTests
{
    /// <summary>
    /// Four block levels: the last block-level claims are the proposer's side, so against a lying proposer the
    /// challenger descends (with <see cref="OutputDisputeGameTests.Config"/>'s three it is the liar that must).
    /// </summary>
    internal static readonly OutputGameConfig Derived = OutputDisputeGameTests.Config with { BlockDepth = 4, DerivedLists = true };

    internal static readonly OutputGameConfig OddDerived = OutputDisputeGameTests.Config with { DerivedLists = true };
    private static readonly Address Honest = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());
    private static readonly Address Liar = new(Enumerable.Repeat((byte)0xC1, Address.Size).ToArray());

    /// <summary>The liar's lists: derivation's, but at <paramref name="faultBlock"/> fault 0 re-signs a transfer for another amount, fault 1 swaps two transfers.</summary>
    internal static HeaderChain LyingChain(DerivedRollup honest, int fault, int faultBlock)
    {
        var lists = new List<IReadOnlyList<OneStepTransaction>>();
        var fields = new List<BlockFields>();
        for (var b = 1; b <= honest.Blocks; b++)
        {
            var list = honest.AppliedList((ulong)b).ToList();
            if (b == faultBlock)
            {
                // Two adjacent transfers from different senders can swap without breaking a nonce; else re-sign.
                var swap = -1;
                for (var i = 0; i + 1 < list.Count && swap < 0; i++)
                    if (list[i].Transfer is { } a && list[i + 1].Transfer is { } c && !a.Sender.Equals(c.Sender)) swap = i;
                if (fault == 0 || swap < 0)
                {
                    var last = list.FindLastIndex(t => t.Kind == OneStepTransactionKind.Transfer);
                    var real = list[last].Transfer!;
                    var signer = DisputeKit.Signers.First(s => s.PublicKey.Equals(real.Sender));
                    list[last] = OneStepTransaction.ForTransfer(OptimisticTransfer.Create(signer, honest.Context.ChainId, honest.Context.RollupId, real.Recipient, real.Amount + 1, real.Fee, real.Nonce));
                }
                else
                {
                    (list[swap], list[swap + 1]) = (list[swap + 1], list[swap]);
                }
            }
            lists.Add(list);
            fields.Add(honest.Fields((ulong)b));
        }
        return new HeaderChain(lists, fields, honest.Context);
    }

    internal static (OutputDisputeGame Game, DisputeResolution Resolution, List<PlayedMove> Log, OutputPlayer Honest) Play(
        DerivedRollup honest, IOutputHistory liar, ulong disputed, bool liarProposes, OutputGameConfig config)
    {
        var start = 1_000UL;
        var proposed = liarProposes ? liar : honest;
        var game = new OutputDisputeGame(config, honest.Context, honest.Output(0)!.Value, disputed, proposed.OutputRoot(disputed), liarProposes ? Liar : Honest, start,
            deriver: config.DerivedLists ? new L1ListDeriver(DerivedRollup.Rules, honest.Records) : null);
        var log = new List<PlayedMove>();
        var honestPlayer = new OutputPlayer(game, honest, Honest, true, log);
        var liarPlayer = new OutputPlayer(game, liar, Liar, false, log);
        var now = start;
        for (var round = 0; round < 500; round++)
            if (honestPlayer.Respond(now += 10) + liarPlayer.Respond(now += 10) == 0) break;
        var resolution = game.Resolve(start + game.ResolutionBoundMs);
        return (game, resolution, log, honestPlayer);
    }

    private static void AssertHonestWon(OutputDisputeGame game, DisputeResolution resolution, OutputPlayer honest, DisputeOutcome expected)
    {
        Assert.Equal(expected, resolution.Outcome);
        for (var g = 0; g < game.ClaimCount; g++)
            if (game.Claim(g).Claimant == Honest) Assert.False(resolution.Countered[g], $"honest claim {g} was countered");
        Assert.True(resolution.PaidTo(Honest) >= honest.Bonded, "the honest side lost bond");
    }

    /// <summary>
    /// A game where the challenger must descend *against* the liar's output of the faulty block (the liar's header is
    /// the post end): the case the liar's reveal used to refute. When the bisection ends on the challenger's output
    /// instead, its descent supports its own revealed header, which the liar could not refute on either path.
    /// </summary>
    internal static (DerivedRollup Honest, HeaderChain Liar, List<PlayedMove> Log) GameWithDescent()
    {
        for (var seed = 0UL; seed < 40; seed++)
        {
            var honest = DerivedRollup.Build(blocks: 4, seed);
            var liar = LyingChain(honest, fault: (int)(seed % 2), faultBlock: 2 + (int)(seed % 3));
            var (game, _, log, _) = Play(honest, liar, disputed: 4, liarProposes: true, Derived);
            if (game.Subgames.Any(g => g.Derived is not null && g.OpposesPost && g.Game.Claims[0].Claimant == Honest)) return (honest, liar, log);
        }
        throw new InvalidOperationException("no seed led the challenger to descend");
    }

    [Fact]
    public void A_withheld_list_loses_with_lists_derived_on_L1_and_won_on_the_old_path()
    {
        var (honest, liar, _) = GameWithDescent();
        Assert.NotEqual(honest.OutputRoot(4), liar.OutputRoot(4));

        var (game, resolution, log, player) = Play(honest, liar, disputed: 4, liarProposes: true, Derived);
        AssertHonestWon(game, resolution, player, DisputeOutcome.ChallengerWins);
        Assert.Contains(log, m => m.Move.IsDerive && m.Mover == Honest);
        // The liar's header-list descents are refused in a derived game: none was played.
        Assert.DoesNotContain(log, m => m.Move.Kind is DisputeMoveKind.DescendAttack or DisputeMoveKind.DescendDefend);

        // The control: the same lie on the old path (the header's list) stands — the hole this closes.
        var (_, old, _, _) = Play(honest, liar, disputed: 4, liarProposes: true, Derived with { DerivedLists = false });
        Assert.Equal(DisputeOutcome.DefenderWins, old.Outcome);
    }

    [Fact]
    public void Every_withheld_list_loses_at_any_block() => HonestWinsOnRandomLies(liarProposes: true, DisputeOutcome.ChallengerWins, iter: 20);

    [Fact]
    public void An_honest_proposer_still_wins_against_a_challenger_with_its_own_list() =>
        HonestWinsOnRandomLies(liarProposes: false, DisputeOutcome.DefenderWins, iter: 12);

    /// <summary>Random chains of 1–4 blocks, a lie of either kind at a random block, the game over a random later output.</summary>
    private static void HonestWinsOnRandomLies(bool liarProposes, DisputeOutcome honestOutcome, int iter) =>
        Gen.Select(Gen.Int[0, 1], Gen.ULong[0, 1_000], Gen.Int[1, 4], Gen.Int[0, 100], Gen.Int[0, 100])
            .Sample((fault, seed, blocks, f, d) =>
            {
                var faultBlock = 1 + f % blocks;
                var disputed = (ulong)(faultBlock + d % (blocks - faultBlock + 1));
                var honest = DerivedRollup.Build(blocks, seed);
                var liar = LyingChain(honest, fault, faultBlock);
                var (game, resolution, _, player) = Play(honest, liar, disputed, liarProposes, seed % 2 == 0 ? Derived : OddDerived);
                AssertHonestWon(game, resolution, player, honestOutcome);
            }, iter: iter, threads: 1);
}
