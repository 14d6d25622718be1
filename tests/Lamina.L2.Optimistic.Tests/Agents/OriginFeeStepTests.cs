using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// Fees in the dispute step (issue 14): a rollup registered with a non-zero fee schedule, L2 blocks executed by
/// derivation's executor at their L1 origins' blob base fees (different per origin), and L1's step — under the rule
/// context the game gives each block from L1's own fee record of its origin — walks every block to its header's final
/// point. The same block stepped under another origin's fee does not (a transaction dropped for its fee there applies).
/// </summary>
public sealed class OriginFeeStepTests
{
    private static readonly RollupConfig Rollup = new(TestKeys.RollupId, TestKeys.ChainId, Hash256.Zero, 1_000_000, 10, 5, TestKeys.Sequencer, new RollupL2Fees(10, 80, 100));

    [Fact]
    public void L1_steps_agree_with_derivation_under_each_origins_fee()
    {
        var fees = new Dictionary<ulong, ulong> { [10] = 3, [11] = 7 };
        var deposits = new List<L2Deposit> { new(0, TestKeys.Key(0).Address, 50_000), new(1, TestKeys.Key(1).Address, 30_000) };
        var records = new L1RecordList(deposits, fees);
        var store = new InMemorySmtNodeStore();
        var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var executor = new L2BlockExecutor(machine);
        // Origin 10 requires 10 + 3·100 = 310, origin 11 requires 10 + 7·100 = 710.
        var chain = new List<L2Block> { new(TestKeys.Genesis, [], []) };
        var first = executor.Execute(TestKeys.Genesis, new L2BlockInputs(10, TestKeys.Genesis.TimestampMs + 1, deposits, [],
            [TestKeys.Transfer(0, TestKeys.Addr(0xB0), 40, 0, fee: 310), TestKeys.Withdraw(1, TestKeys.Addr(0xB1), 25, 0, fee: 400)], Rollup.L2FeesAt(fees[10])));
        Assert.Empty(first.Dropped);
        chain.Add(first.Block);
        var second = executor.Execute(first.Block.Header, new L2BlockInputs(11, first.Block.Header.TimestampMs + 1, [], [],
            [TestKeys.Transfer(0, TestKeys.Addr(0xB2), 7, 1, fee: 710), TestKeys.Transfer(1, TestKeys.Key(0).Address, 9, 1, fee: 400), TestKeys.Transfer(0, TestKeys.Addr(0xB0), 1, 2, fee: 900)],
            Rollup.L2FeesAt(fees[11])));
        Assert.Equal(OptimisticTransitionError.FeeTooLow, Assert.Single(second.Dropped).Error);
        chain.Add(second.Block);
        var history = new ChainOutputHistory(n => n < (ulong)chain.Count ? chain[(int)n] : null, store, DisputeLedger.RuleContext(Rollup),
            origin => Rollup.L2FeesAt(fees[origin]));
        var game = OutputDisputeGame.ForRollup(Rollup, records, chain[0].Header.Output, 2, chain[2].Header.Output.Root, TestKeys.Sequencer, 1_000);

        for (var n = 1; n < chain.Count; n++)
        {
            var header = L2HeaderPreimage.Decode(history.Header((ulong)n)!);
            Assert.Equal(chain[n].Header.L1Origin, history.Origin((ulong)n));
            var context = game.ContextAt(header.L1Origin);
            Assert.Equal(Rollup.L2FeesAt(fees[header.L1Origin]).RequiredFee(), context.Fees.RequiredFee());
            var point = ExecutionPoint.Start(chain[n - 1].Header.StateRoot, header.TxRoot, header.TxCount);
            for (var t = 0UL; t < header.TxCount; t++)
            {
                var next = ExecutionStep.Next(history.ProofFrom((ulong)n, point)!, context);
                Assert.Equal(history.Point((ulong)n, t), next);
                point = next;
            }
            Assert.Equal(header.Final, point);
        }
        // Block 1's list has transactions paying 310 and 400: under origin 11's price (710) L1 rejects the first, so the
        // same list claimed at origin 11 does not end at an all-applied point; and a witness built under origin 10's
        // price is refused there (it proves accesses the rules at 710 never make).
        var cheap = L2HeaderPreimage.Decode(history.Header(1)!);
        var atEleven = new ChainOutputHistory(n => n < (ulong)chain.Count ? chain[(int)n] : null, store, DisputeLedger.RuleContext(Rollup), _ => Rollup.L2FeesAt(fees[11]));
        var at = ExecutionPoint.Start(chain[0].Header.StateRoot, cheap.TxRoot, cheap.TxCount);
        for (var t = 0; t < 2; t++) at = ExecutionStep.Next(atEleven.ProofFrom(1, at)!, game.ContextAt(11));
        Assert.True(at.AllApplied);
        Assert.Equal(DisputeError.InvalidWitness, Assert.Throws<InvalidDisputeMoveException>(() => ExecutionStep.Next(history.ProofFrom(1, at)!, game.ContextAt(11))).Error);
        var rejected = ExecutionStep.Next(atEleven.ProofFrom(1, at)!, game.ContextAt(11));
        Assert.False(rejected.AllApplied);
        Assert.Equal(at.StateRoot, rejected.StateRoot);
        Assert.Throws<InvalidDisputeMoveException>(() => game.ContextAt(12));
    }
}
