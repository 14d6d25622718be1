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

    [Fact]
    public void The_batch_AIR_lists_its_assertions_in_row_and_column_order_as_the_sorted_ones()
    {
        // The STARK library skips sorting an already ordered list (a 256-transfer batch has 15,000 assertions): the
        // state part, the signature part and their merge must each come out ordered, and equal to the sorted list.
        ZkState state = Funded((D, Dave, 5));
        var txs = new[] { TransferTx.Create(A, B, PackedAmount.Pack(3), 0, Alice, Domain), TransferTx.Create(B, A, PackedAmount.Pack(1), 0, Bob, Domain) };
        LeafUpdateStatement[] updates =
        [
            LeafUpdates.Debit(A, 3, 0, Alice.PublicKey), LeafUpdates.Credit(B, 3), LeafUpdates.Debit(B, 1, 0, Bob.PublicKey),
            LeafUpdates.Credit(A, 1), LeafUpdates.Opening(D, state.Accounts.Get(D)),
        ];
        SchnorrStatement[] signatures = [new(Alice.PublicKey, txs[0].SigningMessage(Domain), txs[0].Signature), new(Bob.PublicKey, txs[1].SigningMessage(Domain), txs[1].Signature)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);
        StarkAir air = L2.Zk.Proving.ZkBatchAir.For(state.Accounts.Root, root, updates, signatures, 4);
        var combined = Assert.IsType<CombinedAir>(air);
        foreach (StarkAir part in new[] { combined.Left, combined.Right, air })
        {
            IReadOnlyList<Assertion> listed = part.GetAssertions();
            for (int i = 1; i < listed.Count; i++)
            {
                Assert.True((listed[i - 1].Row, listed[i - 1].Column).CompareTo((listed[i].Row, listed[i].Column)) < 0, $"{part.Name}: assertion {i} out of order");
            }
            Assert.Equal(StarkProtocol.SortedAssertions(part), listed);
        }
    }
}
