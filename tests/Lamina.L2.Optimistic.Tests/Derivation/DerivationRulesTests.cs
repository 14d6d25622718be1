using Lamina.Core;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Tests.Derivation;

public sealed class DerivationRulesTests
{
    private static readonly Address Bob = TestKeys.Addr(0xB0);

    private static BatchBlob Blob(OptimisticBatchBlock[] blocks, Address? poster = null) =>
        new(poster ?? RollupHarness.BatcherAddress, OptimisticChannelFrame.Split(OptimisticChannelPayload.Compress(blocks), 130_048)[0]);

    [Fact]
    public void A_withheld_blob_stops_the_safe_head_until_its_data_is_served()
    {
        var harness = new RollupHarness(RollupHarness.Config());
        harness.AddL1Block([(TestKeys.Key(0).Address, 1_000)], [], []);
        // Deposits credit when a block takes them, so transactions start at the second tick.
        harness.RunL2Interval(tick => { if (tick > 0) harness.Sequencer.Submit(TestKeys.Transfer(0, Bob, 10, (ulong)tick - 1)); });
        var blobs = harness.PostBatch();
        var withheld = harness.AddL1Block([], [], [.. blobs.Select(b => b with { Data = null })]);
        harness.AddL1Block([], [], []);

        var verifier = harness.Derive();
        Assert.Equal(withheld.Height, verifier.NextL1Height);
        Assert.Equal(0UL, verifier.Safe.Number);
        // Still stuck on a retry: nothing was consumed from the withheld block.
        Assert.Equal(DerivationStep.BlobUnavailable, verifier.Process(withheld));
        Assert.Equal(0UL, verifier.Safe.Number);

        harness.L1.Replace(withheld with { Blobs = blobs });
        harness.DeriveInto(verifier);
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        Assert.Equal(new OptimisticAccount(910, 9), verifier.Machine.GetAccount(verifier.Safe.StateRoot, TestKeys.Key(0).Address));
    }

    [Fact]
    public void A_censoring_sequencer_cannot_keep_a_forced_transaction_out_past_the_window()
    {
        var config = RollupHarness.Config(sequencingWindow: 8, forcedWindow: 3);
        var harness = new RollupHarness(config);
        var alice = TestKeys.Key(0).Address;
        harness.AddL1Block([(alice, 500)], [], []);                                   // height 11
        var forcedAt = harness.AddL1Block([], [TestKeys.Transfer(0, Bob, 77, 0)], []).Height; // height 12
        for (var i = 0; i < 5; i++) harness.AddL1Block([], [], []);                    // heights 13..17

        // The sequencer's blocks claim no forced transaction at all, with origins from 11 to 17.
        var blocks = Enumerable.Range(0, 7).Select(i => new OptimisticBatchBlock((ulong)i + 1, (11 + (ulong)i) * 1_000 + 10, 11 + (ulong)i, 0, [])).ToArray();
        harness.AddL1Block([], [], [Blob(blocks)]);

        var verifier = harness.Derive();
        Assert.Empty(verifier.Rejected);
        Assert.Equal(7UL, verifier.Safe.Number);
        for (var n = 1UL; n <= 7; n++)
        {
            var block = verifier.GetBlock(n)!;
            var included = block.Transactions.Any(t => t.Kind == L2TxKind.Forced);
            // Included exactly in the first block whose origin is the submission height + the window, not before.
            Assert.Equal(block.Header.L1Origin == forcedAt + config.ForcedInclusionWindow, included);
        }
        Assert.Equal(new OptimisticAccount(77, 0), verifier.Machine.GetAccount(verifier.Safe.StateRoot, Bob));
    }

    [Fact]
    public void A_silent_sequencer_leaves_derivation_to_build_blocks_with_deposits_and_forced_transactions()
    {
        var config = RollupHarness.Config(sequencingWindow: 4, forcedWindow: 2);
        var harness = new RollupHarness(config);
        var alice = TestKeys.Key(0).Address;
        harness.AddL1Block([(alice, 500)], [], []);
        harness.AddL1Block([], [TestKeys.Withdraw(0, TestKeys.Addr(0x11), 100, 0)], []);
        for (var i = 0; i < 10; i++) harness.AddL1Block([], [], []);

        var verifier = harness.Derive();
        Assert.True(verifier.AutoBlocks > 0);
        // The safe head trails the newest L1 block by at most the sequencing window.
        Assert.True(verifier.Safe.L1Origin + config.SequencingWindow >= harness.NextL1Height - 1);
        Assert.Equal(new OptimisticAccount(400, 1), verifier.Machine.GetAccount(verifier.Safe.StateRoot, alice));
        Assert.NotNull(verifier.Machine.GetWithdrawal(verifier.Safe.StateRoot, alice, 0));
    }

    [Fact]
    public void Posted_blocks_that_break_the_rules_are_refused_one_by_one_and_later_ones_are_kept()
    {
        DerivationPipeline Run(OptimisticBatchBlock[] blocks, Address? poster = null)
        {
            var harness = new RollupHarness(RollupHarness.Config());
            for (var i = 0; i < 3; i++) harness.AddL1Block([], [], []); // heights 11..13
            harness.AddL1Block([], [], [Blob(blocks, poster)]);         // height 14
            return harness.Derive();
        }
        OptimisticBatchBlock B(ulong number, ulong time, ulong origin) => new(number, time, origin, 0, []);

        // An entry beyond the next block is kept for when its parent is derived, not refused.
        var ahead = Run([B(2, 12_000, 12)]);
        Assert.Empty(ahead.Rejected);
        Assert.Equal((0UL, 1), (ahead.Safe.Number, ahead.RetainedEntries));
        Assert.Equal([new RejectedBatchBlock(14, 1, BatchRejection.OriginInFuture)], Run([B(1, 15_000, 15)]).Rejected);
        Assert.Equal([new RejectedBatchBlock(14, 1, BatchRejection.BadTimestamp)], Run([B(1, 11_999, 12)]).Rejected);
        Assert.Equal([new RejectedBatchBlock(14, 1, BatchRejection.BadTimestamp)], Run([B(1, 12_000 + 30_001, 12)]).Rejected);
        var partly = Run([B(1, 12_000, 12), B(2, 13_000, 13), B(3, 13_000, 13)]);
        Assert.Equal([new RejectedBatchBlock(14, 3, BatchRejection.BadTimestamp)], partly.Rejected);
        Assert.Equal(2UL, partly.Safe.Number);
        // Each entry is judged on its own: a refused one does not take the rest of its channel with it.
        var judged = Run([B(1, 11_999, 12), B(2, 13_000, 13)]);
        Assert.Equal([new RejectedBatchBlock(14, 1, BatchRejection.BadTimestamp)], judged.Rejected);
        Assert.Equal((0UL, 1), (judged.Safe.Number, judged.RetainedEntries));
        // Someone other than the batcher posting to the namespace is not read at all.
        var stranger = Run([B(1, 12_000, 12)], TestKeys.Addr(0x66));
        Assert.Empty(stranger.Rejected);
        Assert.Equal(0UL, stranger.Safe.Number);

        var late = new RollupHarness(RollupHarness.Config(sequencingWindow: 2));
        late.AddL1Block([], [], []);
        late.AddL1Block([], [], [Blob([B(1, 10_500, 10)])]);                     // height 12: within 2 of origin 10
        late.AddL1Block([], [], [Blob([B(2, 11_500, 11)])]);                     // height 13: within 2 of 11
        late.AddL1Block([], [], [Blob([B(3, 11_600, 11)])]);                     // height 14: 3 after origin 11
        var verifier = late.Derive();
        Assert.Contains(new RejectedBatchBlock(14, 3, BatchRejection.WindowExpired), verifier.Rejected);
    }

    /// <summary>
    /// Block N is the first entry for N met on L1 that is valid against block N − 1, wherever its channel stands: the
    /// rule L1's dispute game applies when it derives a list (it sees one entry and the parent, not the rest of the
    /// channel nor when the parent was derived), so a sequencer cannot post a channel that derivation skips and L1
    /// would take.
    /// </summary>
    [Fact]
    public void An_entry_for_a_later_block_waits_for_its_parent_and_the_first_valid_one_on_L1_is_taken()
    {
        OptimisticBatchBlock B(ulong number, ulong time, ulong origin) => new(number, time, origin, 0, []);
        var harness = new RollupHarness(RollupHarness.Config());
        for (var i = 0; i < 3; i++) harness.AddL1Block([], [], []);                      // heights 11..13
        harness.AddL1Block([], [], [Blob([B(1, 11_999, 12), B(2, 13_000, 13)])]);         // 14: block 1 refused, block 2 kept
        harness.AddL1Block([], [], [Blob([B(1, 12_000, 12), B(2, 13_500, 13)])]);         // 15: block 1, then block 2 from 14
        var verifier = harness.Derive();
        Assert.Equal([new RejectedBatchBlock(14, 1, BatchRejection.BadTimestamp)], verifier.Rejected);
        Assert.Equal(2UL, verifier.Safe.Number);
        Assert.Equal(13_000UL, verifier.GetBlock(2)!.Header.TimestampMs);
        Assert.Equal(14UL, verifier.GetRecord(2)!.L1Height);
        Assert.Equal(0, verifier.RetainedEntries);

        // A kept entry that is not valid against the parent derivation took is refused then, and the next one serves.
        var refused = new RollupHarness(RollupHarness.Config());
        for (var i = 0; i < 3; i++) refused.AddL1Block([], [], []);
        refused.AddL1Block([], [], [Blob([B(2, 12_500, 12)])]);                          // 14: kept
        refused.AddL1Block([], [], [Blob([B(1, 13_000, 13), B(2, 13_500, 13)])]);         // 15: block 1 at time 13,000
        var second = refused.Derive();
        Assert.Equal([new RejectedBatchBlock(14, 2, BatchRejection.OriginRegressed)], second.Rejected);
        Assert.Equal(13_500UL, second.GetBlock(2)!.Header.TimestampMs);
    }

    /// <summary>
    /// A game over an open output is anchored at the output final when it was created, and later outputs may finalize
    /// while it is played: the records and states from the finalized head as it stood when the open output was met
    /// stay, and go once that output is behind the finalized head.
    /// </summary>
    [Fact]
    public void Records_and_states_stay_from_where_an_open_output_can_be_anchored()
    {
        var harness = new RollupHarness(RollupHarness.Config());
        harness.AddL1Block([(TestKeys.Key(0).Address, 1_000)], [], []);
        ulong nonce = 0;
        for (var round = 0; round < 3; round++)
        {
            harness.RunL2Interval(tick => { if (tick > 0) harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(0xB0), 1, nonce++)); });
            harness.AddL1Block([], [], harness.PostBatch());
        }
        var verifier = harness.Derive();
        Assert.True(verifier.Safe.Number >= 25);
        var output = verifier.GetBlock(25)!.Header.Output.Root;
        harness.AddL1Block([], [], [], [new OutputProposal(25, output)]);
        harness.DeriveInto(verifier);
        verifier.ObserveFinalized(new FinalizedOutput(20, verifier.GetBlock(20)!.Header.Output.Root));
        Assert.Equal(20UL, verifier.Finalized.Number);
        Assert.Equal(0UL, verifier.KeepFrom);
        Assert.NotNull(verifier.GetRecord(5));
        Assert.InRange(verifier.Machine.GetAccount(verifier.GetBlock(5)!.Header.StateRoot, TestKeys.Key(0).Address).Nonce, 1UL, 5UL); // the state is still readable

        verifier.ObserveFinalized(new FinalizedOutput(25, output));
        Assert.Equal(25UL, verifier.KeepFrom);
        Assert.Null(verifier.GetRecord(24));
        Assert.NotNull(verifier.GetRecord(25));
    }

    [Fact]
    public void A_reposted_channel_changes_nothing_and_output_roots_are_checked()
    {
        var harness = new RollupHarness(RollupHarness.Config());
        harness.AddL1Block([(TestKeys.Key(1).Address, 300)], [], []);
        harness.RunL2Interval(tick => { if (tick == 1) harness.Sequencer.Submit(TestKeys.Transfer(1, Bob, 5, 0)); });
        var blobs = harness.PostBatch();
        harness.AddL1Block([], [], blobs);
        var good = harness.Sequencer.GetBlock(4)!.Header.Output;
        var badRoot = new Hash256([.. Enumerable.Repeat((byte)0x5A, 32)]);
        harness.AddL1Block([], [], blobs, [new OutputProposal(4, good.Root), new OutputProposal(6, badRoot), new OutputProposal(50, badRoot)]);

        var verifier = harness.Derive();
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        Assert.Equal([new OutputMismatch(6, badRoot, verifier.GetBlock(6)!.Header.Output.Root)], verifier.Mismatches);

        verifier.ObserveFinalized(new FinalizedOutput(4, good.Root));
        Assert.Equal(4UL, verifier.Finalized.Number);
        // A finalized root the verifier disagrees with does not move the finalized head: it is reported instead.
        verifier.ObserveFinalized(new FinalizedOutput(5, badRoot));
        Assert.Equal(4UL, verifier.Finalized.Number);
        Assert.Contains(new OutputMismatch(5, badRoot, verifier.GetBlock(5)!.Header.Output.Root), verifier.Mismatches);
    }
}
