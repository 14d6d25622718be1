using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// A challenger's step proofs inside a block whose states between transactions are not in its store: derivation's
/// pruned store keeps block states only, and a sweep drops everything else. The history rebuilds the state a step
/// starts from by re-executing the block from its parent's state (or from the nearest ancestor still held), and L1's
/// step from that proof lands on the block's next recorded root.
/// </summary>
public sealed class SweptStateStepProofTests
{
    [Fact]
    public void Every_step_of_a_swept_block_is_proven_from_re_executed_state()
    {
        var (verifier, store) = DerivedChain();
        // The sweep a derivation round makes: only block states are kept.
        store.Prune(Enumerable.Range(0, (int)verifier.Safe.Number + 1).Select(n => verifier.GetBlock((ulong)n)!.Header.StateRoot));
        var history = HistoryOf(verifier, store);

        var stepped = 0;
        for (var n = 2UL; n <= verifier.Safe.Number; n++)
        {
            var block = verifier.GetBlock(n)!;
            for (var i = 0; i + 1 < block.IntermediateRoots.Count; i++)
                Assert.Null(store.GetNode(block.IntermediateRoots[i])); // swept: not readable from the store
            stepped += StepThrough(history, verifier, n);
        }
        Assert.True(stepped > 40, $"{stepped} steps");
    }

    [Fact]
    public void A_step_is_proven_when_the_parent_state_was_swept_too()
    {
        var (verifier, store) = DerivedChain();
        // Only the newest state kept: block Safe - 1's parent is gone as well, rebuilt from the genesis (empty) state on.
        store.Prune([verifier.Safe.StateRoot]);
        var n = verifier.Safe.Number - 1;
        Assert.Null(store.GetNode(verifier.GetBlock(n - 1)!.Header.StateRoot));

        Assert.True(StepThrough(HistoryOf(verifier, store), verifier, n) >= 3);
    }

    /// <summary>Walks L1's step from the parent's state through every transaction of block <paramref name="n"/>; returns the steps taken.</summary>
    private static int StepThrough(ChainOutputHistory history, DerivationPipeline verifier, ulong n)
    {
        var block = verifier.GetBlock(n)!;
        var header = L2HeaderPreimage.Decode(history.Header(n)!);
        var point = ExecutionPoint.Start(verifier.GetBlock(n - 1)!.Header.StateRoot, header.TxRoot, header.TxCount);
        var rules = verifier.Machine.Context with { Fees = verifier.Inbox.FeesAt(block.Header.L1Origin) };
        for (var t = 0UL; t < header.TxCount; t++)
        {
            var next = ExecutionStep.Next(history.ProofFrom(n, point)!, rules);
            Assert.Equal(history.Point(n, t), next);
            Assert.Equal(block.IntermediateRoots[(int)t], next.StateRoot);
            point = next;
        }
        Assert.Equal(header.Final, point);
        return (int)header.TxCount;
    }

    private static ChainOutputHistory HistoryOf(DerivationPipeline verifier, ISmtNodeStore store) =>
        new(verifier.GetBlock, store, verifier.Machine.Context, origin => verifier.Inbox.FeesAt(origin));

    /// <summary>Blocks with deposits, transfers and a withdrawal, derived from L1 onto a pruned store that sweeps often.</summary>
    private static (DerivationPipeline Verifier, PrunableSmtNodeStore Store) DerivedChain()
    {
        var config = RollupHarness.Config(sequencingWindow: 8, forcedWindow: 4);
        var harness = new RollupHarness(config);
        var alice = TestKeys.Key(0).Address;
        harness.AddL1Block([(alice, 10_000_000), (TestKeys.Key(1).Address, 500_000)], [], []);
        ulong nonce = 0;
        for (var interval = 0; interval < 3; interval++)
        {
            harness.RunL2Interval(tick =>
            {
                if (interval == 0 && tick == 0) return; // the deposits are credited by the first block
                for (var i = 0; i < 4; i++) harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr((byte)(nonce % 20)), 3, nonce++));
                if (tick == 5) harness.Sequencer.Submit(TestKeys.Withdraw(0, TestKeys.Addr(0xB1), 25, nonce++));
            });
            harness.AddL1Block([(TestKeys.Addr(0xB0), 5)], [], harness.PostBatch());
        }
        var store = new PrunableSmtNodeStore(minimumSweepNodes: 1);
        var verifier = harness.DeriveInto(new DerivationPipeline(config, store));
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        Assert.True(store.Sweeps > 0);
        return (verifier, store);
    }
}
