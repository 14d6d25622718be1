using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// The premises of <see cref="DisputeEconomics.BreakEvenGasPrice"/>: no move costs more gas than the counter it
/// assumes, and no claim's bond is below the root's. (That played games keep the rule is checked on every game of
/// <see cref="OutputDisputeGameTests"/>.)
/// </summary>
public sealed class DisputeEconomicsTests
{
    private static readonly OutputGameConfig Listed = new(20, DisputeGameConfig.Production(1_000_000_000_000_000_000));
    private static readonly OutputGameConfig Derived = Listed with { DerivedLists = true };

    [Fact]
    public void No_move_costs_more_gas_than_the_assumed_counter()
    {
        foreach (var kind in Enum.GetValues<DisputeMoveKind>())
        {
            if (kind is DisputeMoveKind.DeriveAttack or DisputeMoveKind.DeriveDefend) continue;
            var gas = new DisputeMovePayload(1, 1, 0, new DisputeMove(kind, 0, default, null)).IntrinsicGas;
            Assert.True(gas <= DisputeEconomics.MaxCounterGas(Listed), $"{kind} costs {gas} gas");
        }
        Assert.True(DisputeCreatePayload.Gas <= DisputeEconomics.MaxCounterGas(Listed));
    }

    [Fact]
    public void A_derived_descent_carrying_three_full_blobs_stays_within_its_assumed_gas()
    {
        var frames = new List<DerivedFrame>();
        for (var i = 0; i < DerivedOpening.MaxFrames; i++) frames.Add(new DerivedFrame(1, (uint)i, new byte[Lamina.L1.Blobs.BlobParameters.MaxBlobBytes]));
        var opening = new DerivedOpening(default, new byte[L2HeaderPreimage.EncodedSize], default, [], frames);
        var gas = new DisputeMovePayload(1, 1, 0, DisputeMove.Derive(0, true, opening)).IntrinsicGas;
        Assert.True(gas > DisputeEconomics.MaxCounterGas(Listed), "a derived descent costs more than a listed one");
        Assert.True(gas <= DisputeEconomics.MaxCounterGas(Derived), $"{gas} gas");
        Assert.True(DisputeEconomics.BreakEvenGasPrice(Derived) < DisputeEconomics.BreakEvenGasPrice(Listed));
    }

    [Fact]
    public void No_claim_bonds_less_than_the_root()
    {
        for (var depth = 0; depth <= Listed.TotalDepth; depth++)
            Assert.True(Listed.BondAt(depth) >= Listed.Execution.BaseBond, $"depth {depth}");
        Assert.True(Listed.ExecutionLevel.BaseBond >= Listed.Execution.BaseBond);
    }

    [Fact]
    public void The_break_even_price_is_the_root_bond_over_the_costliest_refutation()
    {
        var gas = DisputeEconomics.MaxRefutationGas(Listed);
        var price = DisputeEconomics.BreakEvenGasPrice(Listed);
        Assert.True(price * gas <= Listed.Execution.BaseBond);
        Assert.True((price + 1) * gas > Listed.Execution.BaseBond);
    }
}
