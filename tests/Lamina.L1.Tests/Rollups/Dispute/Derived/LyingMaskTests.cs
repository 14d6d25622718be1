using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// A challenger that plays derived descents itself, from the real batch blobs, but with a mask that lies about one
/// verdict (a transaction derivation applies said dropped, or the dropped overdraft said applied) and the honest final
/// state, defending its masked points in the bisection: the list is L1's, so the honest proposer's reveal does not match
/// it and cannot refute it; the proposer bisects the liar's masked execution (its points for a foreign mask freeze where the mask departs from the truth,
/// as L1's step does) and steps it, and the honest output stands.
/// </summary>
public sealed class LyingMaskTests
{
    private static readonly Address Honest = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());

    /// <summary>The liar's outputs and headers are <paramref name="chain"/>'s; its derivations flip bit <paramref name="flip"/> of the honest mask.</summary>
    private sealed class MaskLiar(HeaderChain chain, DerivedRollup honest, int flip) : IDerivedOutputHistory
    {
        public Hash256 OutputRoot(ulong block) => chain.OutputRoot(block);
        public OptimisticOutput? Output(ulong block) => chain.Output(block);
        public byte[]? Header(ulong block) => chain.Header(block);
        public ExecutionPoint? Point(ulong block, ulong traceIndex) => chain.Point(block, traceIndex);
        public ulong Origin(ulong block) => chain.Origin(block);
        public ExecutionPoint Final(ulong block) => chain.Final(block);
        public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => null;

        public DerivedOpening? Derivation(ulong block)
        {
            var opening = honest.Derivation(block)!;
            var mask = (bool[])opening.Mask.Clone();
            var at = flip % mask.Length;
            mask[at] = !mask[at];
            return opening with { PreOutput = chain.Output(block - 1)!.Value, ParentHeader = chain.Header(block - 1)!, Mask = mask };
        }

        /// <summary>Its own "execution": the true states, with verdicts as its mask says (it cannot build a step that holds).</summary>
        public DerivedExecution? Execution(ulong block)
        {
            var truth = honest.Execution(block)!;
            return new DerivedExecution(truth.Candidates, truth.PreState, Derivation(block)!.Mask, truth.StatesAfter, _ => []);
        }
    }

    [Fact]
    public void A_challenger_deriving_with_a_lying_mask_is_bisected_and_stepped()
    {
        var stepped = 0;
        for (var seed = 0UL; seed < 12; seed++)
        {
            var honest = DerivedRollup.Build(blocks: 4, seed);
            var liar = new MaskLiar(ListWithholdingTests.LyingChain(honest, fault: (int)(seed % 2), faultBlock: 2 + (int)(seed % 3)), honest, (int)seed);
            var (game, resolution, log, player) = ListWithholdingTests.Play(honest, liar, disputed: 4, liarProposes: false, ListWithholdingTests.Derived);
            Assert.Equal(DisputeOutcome.DefenderWins, resolution.Outcome);
            for (var g = 0; g < game.ClaimCount; g++)
                if (game.Claim(g).Claimant == Honest) Assert.False(resolution.Countered[g], $"seed {seed}: honest claim {g} was countered");
            Assert.True(resolution.PaidTo(Honest) >= player.Bonded, "the honest side lost bond");
            // Where the liar descended with its mask, the honest side stepped inside that masked execution.
            foreach (var subgame in game.Subgames.Where(s => s.Derived is not null && s.Game.Claims[0].Claimant != Honest))
            {
                Assert.Null(subgame.CounteredBy);
                Assert.Contains(subgame.Game.Claims, c => c.SteppedBy == Honest);
                stepped++;
            }
        }
        Assert.True(stepped > 0, "no seed made the liar descend with its mask");
    }
}
