using CsCheck;
using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Chain;

/// <summary>
/// The one-step executor (what L1 runs at the end of a dispute, from witnesses alone) reproduces the L2 chain's own
/// execution: every intermediate root of a block built by <see cref="L2BlockExecutor"/> over random deposits, forced
/// and sequenced transactions, and, for each transaction the block dropped, a rejection naming the same rule with the
/// root unchanged.
/// </summary>
public sealed class OneStepBlockAgreementTests
{
    private static readonly Address[] Recipients = [.. Enumerable.Range(0, 4).Select(i => TestKeys.Key(i).Address), TestKeys.Addr(0xB0), TestKeys.Addr(0xB1), TestKeys.Sequencer];

    /// <summary>A transaction: kind (0 transfer, 1 withdrawal), signer, recipient, amount, nonce offset (0 is the right one).</summary>
    private static readonly Gen<(int Kind, int From, int To, ulong Amount, int NonceSkew)> GenItem =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 3], Gen.Int[0, Recipients.Length - 1], Gen.ULong[0, 120], Gen.Int[0, 4]);

    [Fact]
    public void Every_intermediate_root_and_every_drop_agrees_with_the_one_step_executor()
    {
        var (appliedTotal, droppedTotal) = (0, 0);
        Gen.Select(Gen.Select(Gen.Int[0, Recipients.Length - 1], Gen.ULong[0, 200]).Array[0, 4], GenItem.Array[0, 4], GenItem.Array[0, 10]).Sample((deposits, forced, sequenced) =>
        {
            var store = new InMemorySmtNodeStore();
            var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
            var genesis = TestKeys.Genesis;
            var nonces = new ulong[4];
            OptimisticBatchItem Item((int Kind, int From, int To, ulong Amount, int NonceSkew) g)
            {
                // Mostly the next nonce; sometimes a stale or future one (dropped). A used nonce advances the tracker.
                var nonce = g.NonceSkew == 4 ? nonces[g.From] + 1 : nonces[g.From]++;
                return g.Kind == 0 ? TestKeys.Transfer(g.From, Recipients[g.To], g.Amount, nonce) : TestKeys.Withdraw(g.From, Recipients[g.To], g.Amount, nonce);
            }
            var inputs = new L2BlockInputs(10, genesis.TimestampMs + 1,
                [.. deposits.Select((d, i) => new L2Deposit((ulong)i, Recipients[d.Item1], d.Item2))],
                [.. forced.Select((f, i) => new ForcedTransaction((ulong)i, 5, Item(f)))],
                [.. sequenced.Select(Item)]);
            var built = new L2BlockExecutor(machine).Execute(genesis, inputs);

            // Replay the inputs in the executor's order through the one-step executor, from witnesses only.
            var all = inputs.Deposits.Select(d => OneStepTransaction.ForDeposit(d.Index, d.Recipient, d.Amount))
                .Concat(inputs.Forced.Select(f => OneStepTransaction.ForItem(f.Item)))
                .Concat(inputs.Sequenced.Select(OneStepTransaction.ForItem));
            var root = genesis.StateRoot;
            var applied = new List<Hash256>();
            var rejected = new List<OptimisticTransitionError>();
            foreach (var tx in all)
            {
                var (witness, _) = OneStepWitnessGenerator.Generate(store, root, tx, machine.Context);
                var step = OneStepExecutor.Execute(root, tx, OneStepWitness.Decode(witness.Encode()), machine.Context);
                if (step.Rejection is { } error)
                {
                    Assert.Equal(root, step.PostRoot);
                    rejected.Add(error);
                }
                else
                {
                    applied.Add(step.PostRoot);
                }
                root = step.PostRoot;
            }
            Assert.Equal(built.Block.IntermediateRoots, applied);
            Assert.Equal(built.Dropped.Select(d => d.Error), rejected);
            Assert.Equal(built.Block.Header.StateRoot, root);
            appliedTotal += applied.Count;
            droppedTotal += rejected.Count;
        }, iter: 40);
        Assert.True(appliedTotal > 0 && droppedTotal > 0, $"{appliedTotal} applied, {droppedTotal} dropped: the workload must exercise both");
    }
}
