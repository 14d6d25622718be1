using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Prover;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// The columns the prover gathers for each level of the ZK batch AIR (<see cref="LevelColumns"/>, found by probing): at
/// other random rows, changing every column the probe left out changes none of the level's constraint values; and the
/// sets are what the AIRs' layouts say (the RPO rounds' level reads the tree's hash state, the levels without rounds read
/// none of the round constants). <see cref="BoundaryQuotientsTests"/> checks the composition these levels give.
/// </summary>
public sealed class ZkLevelColumnsTests
{
    [Fact]
    public void Columns_left_out_of_a_level_do_not_change_its_constraints()
    {
        StarkAir air = BatchAir();
        var rng = new TestRng(15);
        Felt[] Row(int length) => [.. Enumerable.Range(0, length).Select(_ => rng.NextFelt())];
        foreach (var (factor, constraints) in Levels(air))
        {
            LevelColumns columns = LevelColumns.Probe(air, constraints, factor, byFactor: true);
            Assert.NotEmpty(columns.Trace);
            for (int trial = 0; trial < 3; trial++)
            {
                Felt[] current = Row(air.TraceWidth), next = Row(air.TraceWidth), periodic = Row(air.PeriodicColumns.Count);
                Felt[] expected = Evaluate(air, current, next, periodic, factor);
                for (int c = 0; c < air.TraceWidth; c++)
                {
                    if (Array.IndexOf(columns.Trace, c) < 0)
                    {
                        current[c] = rng.NextFelt();
                        next[c] = rng.NextFelt();
                    }
                }
                for (int k = 0; k < periodic.Length; k++)
                {
                    if (Array.IndexOf(columns.Periodic, k) < 0)
                    {
                        periodic[k] = rng.NextFelt();
                    }
                }
                Felt[] changed = Evaluate(air, current, next, periodic, factor);
                foreach (int t in constraints)
                {
                    Assert.Equal(expected[t], changed[t]);
                }
            }
        }
    }

    [Fact]
    public void The_sets_follow_the_layouts()
    {
        StarkAir air = BatchAir();
        var levels = Levels(air).ToDictionary(l => l.Factor, l => LevelColumns.Probe(air, l.Constraints, l.Factor, byFactor: true));
        int top = levels.Keys.Max();
        // The tree's RPO rounds: both hash states (columns 0..23) and the path bit; not the balance or the range check.
        Assert.Subset(levels[top].Trace.ToHashSet(), Enumerable.Range(0, 25).ToHashSet());
        Assert.DoesNotContain(AccountTreeTransitionLayout.Balance, levels[top].Trace);
        Assert.DoesNotContain(AccountTreeTransitionLayout.RangeAcc, levels[top].Trace);
        // The round constants (periodic columns 1..24 of each RPO block) only where the rounds are.
        int[] arks = [.. Enumerable.Range(1, 2 * RpoPermutationConstraints.StateWidth)];
        Assert.Subset(levels[top].Periodic.ToHashSet(), arks.ToHashSet());
        foreach (var (factor, columns) in levels.Where(l => l.Key != top))
        {
            Assert.Empty(columns.Periodic.Intersect(arks));
            Assert.True(columns.Trace.Length < air.TraceWidth, $"the {factor}n level reads every column");
        }
    }

    private static IEnumerable<(int Factor, int[] Constraints)> Levels(StarkAir air) =>
        Enumerable.Range(0, air.TransitionDegrees.Count)
            .GroupBy(t => air.TransitionDegrees[t].DomainFactor(air.TraceLength))
            .Select(g => (g.Key, g.ToArray()));

    private static Felt[] Evaluate(StarkAir air, Felt[] current, Felt[] next, Felt[] periodic, int factor)
    {
        var result = new Felt[air.TransitionDegrees.Count];
        air.EvaluateTransitionByFactor<Felt>(current, next, periodic, result, factor);
        return result;
    }

    /// <summary>Two signed transfers as one batch: the tree transition beside the signatures (v5, challenges in the trace).</summary>
    private static StarkAir BatchAir()
    {
        ZkState state = Funded((D, Dave, 5));
        var txs = new[] { TransferTx.Create(A, B, PackedAmount.Pack(3), 0, Alice, Domain), TransferTx.Create(B, A, PackedAmount.Pack(1), 0, Bob, Domain) };
        LeafUpdateStatement[] updates =
        [
            LeafUpdates.Debit(A, 3, 0, Alice.PublicKey), LeafUpdates.Credit(B, 3), LeafUpdates.Debit(B, 1, 0, Bob.PublicKey), LeafUpdates.Credit(A, 1),
        ];
        SchnorrStatement[] signatures =
        [
            new(Alice.PublicKey.W, txs[0].MessageElements(Domain), txs[0].Signature),
            new(Bob.PublicKey.W, txs[1].MessageElements(Domain), txs[1].Signature),
        ];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);
        return L2.Zk.Proving.ZkBatchAir.For(state.Accounts.Root, root, updates, signatures, 4, Domain.Digest);
    }
}
