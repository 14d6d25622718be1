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
/// The prover's composition polynomial — grouped boundary quotients (one group per set of asserted rows, or per row for a column with
/// few) on n points, each transition constraint on the coset its degree needs — has exactly the coefficients of the defining formula
/// evaluated on the whole LDE with one divisor per asserted row, on the ZK AIRs (whose per-segment assertions made the per-row formula
/// the prover's hot spot, and whose constraints range from degree 1 to 7).
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
        Felt[][] reference = CompositionReference.Evaluate(air, domain, lde, drawn.Transitions, drawn.Boundary, assertions, rowDivisors: true);
        Felt[][] levels = CompositionEvaluator.EvaluateCoefficients(air, domain, lde, drawn, assertions, checkLevels: true);
        for (int j = 0; j < 3; j++)
        {
            // The reference's coefficients: those the level-by-level evaluation computes, then zeros up to the LDE size.
            Ntt.InterpolateCoset(reference[j], StarkDomain.Offset);
            Assert.Equal(reference[j].AsSpan(0, levels[j].Length).ToArray(), levels[j]);
            Assert.All(reference[j].AsSpan(levels[j].Length).ToArray(), c => Assert.Equal(Felt.Zero, c));
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
    public void The_batch_AIR_composition_is_unchanged()
    {
        ZkState state = Funded((D, Dave, 5));
        var txs = new[] { TransferTx.Create(A, B, PackedAmount.Pack(3), 0, Alice, Domain), TransferTx.Create(B, A, PackedAmount.Pack(1), 0, Bob, Domain) };
        LeafUpdateStatement[] updates =
        [
            LeafUpdates.Debit(A, 3, 0, Alice.PublicKey), LeafUpdates.Credit(B, 3), LeafUpdates.Debit(B, 1, 0, Bob.PublicKey), LeafUpdates.Credit(A, 1),
        ];
        SchnorrStatement[] signatures = [new(Alice.PublicKey, txs[0].SigningMessage(Domain), txs[0].Signature), new(Bob.PublicKey, txs[1].SigningMessage(Domain), txs[1].Signature)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);
        StarkAir air = L2.Zk.Proving.ZkBatchAir.For(state.Accounts.Root, root, updates, signatures, 4);
        AssertSameComposition(air, L2.Zk.Proving.ZkBatchAir.BuildTrace(state.Accounts, air), 8);
    }

    [Fact]
    public void Each_domain_factor_evaluates_exactly_its_constraints_as_the_full_evaluation_does()
    {
        // The prover asks an AIR only for the constraints of one domain factor at a time; on random rows those values must be the
        // full evaluation's, for every factor (a block skipped at its factor would leave stale values in the composition).
        ZkState state = Funded((D, Dave, 5));
        var tx = TransferTx.Create(A, B, PackedAmount.Pack(3), 0, Alice, Domain);
        LeafUpdateStatement[] updates = [LeafUpdates.Debit(A, 3, 0, Alice.PublicKey), LeafUpdates.Credit(B, 3)];
        SchnorrStatement[] signatures = [new(Alice.PublicKey, tx.SigningMessage(Domain), tx.Signature)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);
        var combined = Assert.IsType<CombinedAir>(L2.Zk.Proving.ZkBatchAir.For(state.Accounts.Root, root, updates, signatures, 4));
        var rng = new TestRng(78);
        foreach (StarkAir air in new[] { combined.Left, combined.Right, combined })
        {
            Assert.True(air.EvaluatesByDomainFactor);
            var factors = air.TransitionDegrees.Select(d => d.DomainFactor(air.TraceLength)).ToArray();
            Assert.Contains(8, factors); // RPO rounds (degree 7) or the accumulator's y (degree 5 with the selector)
            for (int trial = 0; trial < 8; trial++)
            {
                Felt[] current = Random(air.TraceWidth), next = Random(air.TraceWidth), periodic = Random(air.PeriodicColumns.Count);
                var full = new Felt[factors.Length];
                air.EvaluateTransition<Felt>(current, next, periodic, full);
                foreach (int factor in factors.Distinct())
                {
                    Felt[] byFactor = Random(factors.Length);
                    air.EvaluateTransitionByFactor<Felt>(current, next, periodic, byFactor, factor);
                    for (int t = 0; t < factors.Length; t++)
                    {
                        if (factors[t] == factor)
                        {
                            Assert.True(full[t] == byFactor[t], $"{air.Name}: constraint {t} (factor {factor})");
                        }
                    }
                }
            }
        }

        Felt[] Random(int count) => Enumerable.Range(0, count).Select(_ => rng.NextFelt()).ToArray();
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
