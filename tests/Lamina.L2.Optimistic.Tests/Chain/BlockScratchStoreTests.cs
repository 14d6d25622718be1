using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Tests.Derivation;

namespace Lamina.L2.Optimistic.Tests.Chain;

/// <summary>
/// The sequencer's scratch layer: the nodes of a block's intermediate states stay out of the chain's store, the
/// sealed block states read in full from the store alone, and the chain built is the one derivation builds.
/// </summary>
public sealed class BlockScratchStoreTests
{
    [Fact]
    public void Sealing_moves_exactly_the_sealed_state_into_the_store()
    {
        var chain = new InMemorySmtNodeStore();
        var scratch = new BlockScratchSmtNodeStore(chain);
        var machine = new OptimisticStateMachine(scratch, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var alice = TestKeys.Key(0).Address;
        var first = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice, 1_000_000);
        scratch.Seal(first);
        Assert.Equal(0, scratch.ScratchCount);
        var root = first;
        var roots = new List<Hash256>();
        for (ulong nonce = 0; nonce < 100; nonce++)
        {
            root = machine.ApplyTransfer(root, TestKeys.Transfer(0, TestKeys.Addr((byte)(nonce % 30)), 1, nonce).ToTransfer());
            roots.Add(root);
        }
        var written = scratch.ScratchCount + chain.Count;
        scratch.Seal(root);

        Assert.Equal(0, scratch.ScratchCount);
        Assert.True(chain.Count * 3 < written, $"{chain.Count} of {written} nodes sealed");
        // Read from the store alone: both sealed states in full, an intermediate one not at all.
        var sealedOnly = new OptimisticStateMachine(chain, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        Assert.Equal(new OptimisticAccount(1_000_000 - 100, 100), sealedOnly.GetAccount(root, alice));
        Assert.Equal(new OptimisticAccount(1_000_000, 0), sealedOnly.GetAccount(first, alice));
        for (byte i = 1; i < 30; i++) Assert.True(sealedOnly.GetAccount(root, TestKeys.Addr(i)).Balance > 0);
        Assert.Throws<MissingTreeNodeException>(() => sealedOnly.GetAccount(roots[50], alice));
        // Sealing a state already in the store, or the empty one, moves nothing.
        var count = chain.Count;
        scratch.Seal(root);
        scratch.Seal(SparseMerkleTree.EmptyRoot);
        Assert.Equal(count, chain.Count);
    }

    [Fact]
    public void The_sequencers_store_holds_block_states_only_and_its_chain_is_derivations()
    {
        var config = RollupHarness.Config(sequencingWindow: 8, forcedWindow: 4);
        var sequencerStore = new InMemorySmtNodeStore();
        var harness = new RollupHarness(config, store: sequencerStore);
        var alice = TestKeys.Key(0).Address;
        harness.AddL1Block([(alice, 10_000_000)], [], []);
        ulong nonce = 0;
        for (var interval = 0; interval < 4; interval++)
        {
            harness.RunL2Interval(tick =>
            {
                if (interval == 0 && tick == 0) return;
                for (var i = 0; i < 20; i++) harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr((byte)(nonce % 40)), 1, nonce++));
            });
            harness.AddL1Block([(TestKeys.Addr(0xB0), 5)], [], harness.PostBatch());
        }
        var verifierStore = new InMemorySmtNodeStore();
        var verifier = harness.DeriveInto(new DerivationPipeline(config, verifierStore));

        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        // Derivation executes as the sequencer does: both stores hold the same block states and nothing between two
        // transactions (a challenger re-executes a block for a step proof there: SweptStateStepProofTests).
        Assert.Equal(sequencerStore.Count, verifierStore.Count);
        var sealedOnly = config.NewMachine(sequencerStore);
        for (ulong n = 1; n <= harness.Sequencer.Head.Number; n++)
        {
            var block = harness.Sequencer.GetBlock(n)!;
            Assert.Equal(verifier.Machine.GetAccount(block.Header.StateRoot, alice), sealedOnly.GetAccount(block.Header.StateRoot, alice));
        }
    }
}
