using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Chain;

/// <summary>
/// The sequencer's and derivation's tree-node stores stay bounded: nodes reachable only from states no block still
/// needs are swept, the states that must stay readable do, and the chains built over pruned stores are the same.
/// </summary>
public sealed class StatePruningTests
{
    private static readonly Address Bob = TestKeys.Addr(0xB0);

    [Fact]
    public void A_sweep_that_keeps_every_earlier_root_marks_only_new_nodes_and_keeps_exactly_what_is_reachable()
    {
        var store = new PrunableSmtNodeStore(minimumSweepNodes: 1);
        var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, TestKeys.Key(0).Address, 1_000_000);
        var roots = new List<Hash256> { root };
        for (ulong nonce = 0; nonce < 300; nonce++)
        {
            root = machine.ApplyTransfer(root, TestKeys.Transfer(0, TestKeys.Addr((byte)(nonce % 40)), 1, nonce).ToTransfer());
            roots.Add(root);
            if (nonce == 100) store.Prune([roots[50], roots[^1]]); // a full sweep
        }
        // Every root kept before is kept again (derivation while the finalized head stands still): only new nodes are marked.
        store.Prune([roots[50], roots[101], roots[200], roots[^1]]);
        Assert.Equal(1, store.IncrementalSweeps);
        Assert.Equal(Reachable(store, [roots[50], roots[101], roots[200], roots[^1]]), store.Count);
        Assert.Equal(new OptimisticAccount(1_000_000 - 200, 200), machine.GetAccount(roots[200], TestKeys.Key(0).Address));
        Assert.Equal(new OptimisticAccount(1_000_000 - 50, 50), machine.GetAccount(roots[50], TestKeys.Key(0).Address));
        Assert.Throws<MissingTreeNodeException>(() => machine.GetAccount(roots[150], TestKeys.Key(0).Address));
        // Dropping a root (the finalized head moved) takes the full sweep again.
        store.Prune([roots[200], roots[^1]]);
        Assert.Equal(1, store.IncrementalSweeps);
        Assert.Equal(Reachable(store, [roots[200], roots[^1]]), store.Count);
        Assert.Throws<MissingTreeNodeException>(() => machine.GetAccount(roots[50], TestKeys.Key(0).Address));
    }

    /// <summary>How many nodes are reachable from the roots, walked independently of the store's own sweep (each must be present).</summary>
    private static int Reachable(PrunableSmtNodeStore store, Hash256[] roots)
    {
        var seen = new HashSet<Hash256>();
        var stack = new Stack<Hash256>(roots);
        while (stack.TryPop(out var hash))
        {
            if (!seen.Add(hash)) continue;
            var bytes = store.GetNode(hash) ?? throw new MissingTreeNodeException(hash);
            if (!SmtNode.TryReadChildren(bytes, out var left, out var right)) continue;
            if (!left.IsZero) stack.Push(left);
            if (!right.IsZero) stack.Push(right);
        }
        return seen.Count;
    }

    [Fact]
    public void A_sweep_keeps_exactly_the_states_of_the_given_roots()
    {
        var store = new PrunableSmtNodeStore(minimumSweepNodes: 1);
        var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, TestKeys.Key(0).Address, 1_000_000);
        var roots = new List<Hash256> { root };
        for (ulong nonce = 0; nonce < 200; nonce++)
        {
            root = machine.ApplyTransfer(root, TestKeys.Transfer(0, TestKeys.Addr((byte)(nonce % 40)), 1, nonce).ToTransfer());
            roots.Add(root);
        }
        var before = store.Count;
        store.Prune([roots[150], roots[^1]]);
        Assert.True(store.Count < before / 4, $"{store.Count} of {before} nodes kept");
        // Both kept states read in full; a state in between does not.
        Assert.Equal(new OptimisticAccount(1_000_000 - 200, 200), machine.GetAccount(roots[^1], TestKeys.Key(0).Address));
        Assert.Equal(new OptimisticAccount(1_000_000 - 150, 150), machine.GetAccount(roots[150], TestKeys.Key(0).Address));
        Assert.Throws<MissingTreeNodeException>(() => machine.GetAccount(roots[100], TestKeys.Key(0).Address));
        // A sweep waits until the store has doubled since the last one.
        Assert.False(store.PruneIfGrown([roots[^1]]));
    }

    [Fact]
    public void Sequencer_and_derivation_stores_stay_bounded_over_a_long_run_and_agree()
    {
        var config = RollupHarness.Config(sequencingWindow: 8, forcedWindow: 4);
        var sequencerStore = new PrunableSmtNodeStore();
        var harness = new RollupHarness(config, store: sequencerStore);
        var alice = TestKeys.Key(0).Address;
        harness.AddL1Block([(alice, 10_000_000)], [], []);
        var verifierStore = new PrunableSmtNodeStore();
        var verifier = new DerivationPipeline(config, verifierStore);
        ulong nonce = 0;
        int peak = 0, verifierPeak = 0;
        for (var interval = 0; interval < 30; interval++)
        {
            harness.RunL2Interval(tick =>
            {
                if (interval == 0 && tick == 0) return; // the deposit is credited by the first block
                for (var i = 0; i < 20; i++) harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr((byte)(nonce % 50)), 1, nonce++));
            });
            harness.AddL1Block([], [], harness.PostBatch());
            harness.DeriveInto(verifier);
            // The sequencer keeps the states from derivation's safe head on (a reset re-executes from there).
            harness.Sequencer.KeepStatesFrom = verifier.Safe.Number;
            // An output a few blocks behind the safe head finalizes on L1: derivation keeps states from there on.
            if (verifier.Safe.Number > 5)
            {
                var final = verifier.GetBlock(verifier.Safe.Number - 5)!.Header;
                verifier.ObserveFinalized(new FinalizedOutput(final.Number, final.Output.Root));
            }
            peak = Math.Max(peak, sequencerStore.Count);
            verifierPeak = Math.Max(verifierPeak, verifierStore.Count);
        }
        Assert.True(nonce > 5_000);
        Assert.True(sequencerStore.Sweeps > 0 && verifierStore.Sweeps > 0);
        // ~15 nodes a transfer without sweeps; with them a few times the live state (50 accounts) plus the kept blocks.
        Assert.True(peak < 20_000, $"sequencer store peaked at {peak} nodes after {nonce} transfers");
        Assert.True(verifierPeak < 20_000, $"derivation store peaked at {verifierPeak} nodes after {nonce} transfers");
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        Assert.Equal(new OptimisticAccount(10_000_000 - nonce, nonce), harness.Sequencer.PendingAccount(alice));
        Assert.Equal(new OptimisticAccount(10_000_000 - nonce, nonce), verifier.Machine.GetAccount(verifier.Safe.StateRoot, alice));
        // The finalized state stays readable (withdrawal proofs are against it).
        Assert.True(verifier.Finalized.Number > 0);
        Assert.True(verifier.Machine.GetAccount(verifier.Finalized.StateRoot, alice).Nonce > 0);
    }

    [Fact]
    public void A_reset_onto_derivation_re_executes_its_blocks_so_their_states_are_in_the_sequencers_store()
    {
        // The sequencer never posts: derivation builds the chain itself (deposits only) once the window passes.
        var config = RollupHarness.Config(sequencingWindow: 3, forcedWindow: 2);
        var harness = new RollupHarness(config, store: new PrunableSmtNodeStore(minimumSweepNodes: 1));
        var alice = TestKeys.Key(0).Address;
        harness.AddL1Block([(alice, 1_000)], [], []);
        harness.RunL2Interval(tick => { if (tick > 0) harness.Sequencer.Submit(TestKeys.Transfer(0, Bob, 10, (ulong)tick - 1)); });
        for (var i = 0; i < 6; i++) harness.AddL1Block([(Bob, 5)], [], []);
        var verifier = harness.Derive();
        Assert.True(verifier.AutoBlocks > 0);
        var derived = Enumerable.Range(1, (int)verifier.Safe.Number).Select(n => verifier.GetBlock((ulong)n)!).ToList();

        harness.Sequencer.ResetTo(derived);
        Assert.Equal(verifier.Safe, harness.Sequencer.Head);
        // The sequencer's own transfers were replaced; alice can send again from nonce 0 on the derived state.
        Assert.Equal(new OptimisticAccount(1_000, 0), harness.Sequencer.PendingAccount(alice));
        harness.Sequencer.Submit(TestKeys.Transfer(0, Bob, 10, 0));
        Assert.Equal(new OptimisticAccount(990, 1), harness.Sequencer.PendingAccount(alice));
    }
}
