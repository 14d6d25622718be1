using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Protocol;
using Lamina.Stark.Prover;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// The prover's grouped boundary quotients (one group per set of asserted rows, or per row for a column with few) give exactly the field elements of
/// the per-row formula, on the ZK AIRs whose per-segment assertions made the per-row formula the prover's hot spot.
/// </summary>
public sealed class BoundaryQuotientsTests
{
    private static void AssertSameComposition(StarkAir air, TraceTable trace, int blowup)
    {
        var domain = new StarkDomain(air.TraceLength, blowup);
        var lde = new Felt[air.TraceWidth][];
        for (int c = 0; c < air.TraceWidth; c++)
        {
            Felt[] coefficients = (Felt[])trace.Column(c).Clone();
            Ntt.Inverse(coefficients);
            lde[c] = Ntt.EvaluateOnCoset(coefficients, domain.LdeSize, StarkDomain.Offset);
        }
        var rng = new TestRng(77);
        Felt3 Random() => new(rng.NextFelt(), rng.NextFelt(), rng.NextFelt());
        Assertion[] assertions = StarkProtocol.SortedAssertions(air);
        var drawn = CompositionCoefficients.FromChallenges(air.TransitionDegrees.Count, air.TraceWidth, assertions, Random(), Random(), Random());
        Felt[][] reference = CompositionEvaluator.Evaluate(air, domain, lde, drawn.Transitions, drawn.Boundary, assertions, rowDivisors: true);
        Felt[][] grouped = CompositionEvaluator.Evaluate(air, domain, lde, drawn, assertions);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(reference[j], grouped[j]);
        }
    }

    [Fact]
    public void The_state_AIR_composition_is_unchanged()
    {
        ZkState state = Funded((D, Dave, 5));
        LeafUpdateStatement[] updates =
        [
            LeafUpdates.Debit(A, 10, 0, Alice.PublicKey), LeafUpdates.Credit(B, 10),
            LeafUpdates.Opening(E, AccountLeaf.Empty), LeafUpdates.Opening(D, state.Accounts.Get(D)),
            LeafUpdates.Deposit(C, 7, Carol.PublicKey),
        ];
        var (trace, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);
        AssertSameComposition(new AccountTreeTransitionAir(state.Accounts.Root, root, updates), trace, 8);
    }

    [Fact]
    public void The_signature_AIR_composition_is_unchanged()
    {
        var txs = new[] { TransferTx.Create(A, B, PackedAmount.Pack(3), 0, Alice, Domain), TransferTx.Create(B, A, PackedAmount.Pack(1), 0, Bob, Domain) };
        var air = new SchnorrSignaturesAir(txs.Select((t, i) => new SchnorrStatement(i == 0 ? Alice.PublicKey : Bob.PublicKey, t.SigningMessage(Domain), t.Signature)).ToArray());
        AssertSameComposition(air, SchnorrSignaturesTrace.Build(air), 8);
    }
}
