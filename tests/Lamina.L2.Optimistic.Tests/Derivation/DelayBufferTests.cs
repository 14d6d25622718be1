using Lamina.Core;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Tests.Derivation;

/// <summary>
/// Arbitrum's delay buffer on forced inclusion: a sequencer that delays forced transactions sees the window shrink
/// (to the threshold at worst), an honest one keeps it full, and the sequencer and derivation agree on it block by block.
/// </summary>
public sealed class DelayBufferTests
{
    private static readonly Address Bob = TestKeys.Addr(0xB0);
    // Window 8 L1 blocks, buffer between 2 and 8, a tenth of a block regained per L1 block in the forced queue.
    private static readonly DelayBufferConfig Buffer = new(2, 8, 1_000);

    [Fact]
    public void The_buffer_depletes_by_the_delay_beyond_the_threshold_bounded_by_the_queue_time_and_saturates()
    {
        var full = DelayBufferState.Full(Buffer, 10);
        Assert.Equal(new DelayBufferState(8, 10), full);
        // Submitted at 12, taken at origin 20: 8 blocks late, 6 beyond the threshold, but only 2 blocks passed in the queue.
        var first = full.After(Buffer, 12, 20);
        Assert.Equal(new DelayBufferState(6, 12), first);
        // Submitted at 22, taken at 28: +1 replenished (10 blocks × 10 %), −4 (6 late − 2).
        Assert.Equal(new DelayBufferState(3, 22), first.After(Buffer, 22, 28));
        // Another transaction of the same L1 height, delayed as much: no queue time passed, so it counts once.
        Assert.Equal(new DelayBufferState(6, 12), first.After(Buffer, 12, 20));
        // Never below the threshold, however late.
        Assert.Equal(new DelayBufferState(2, 1_012), full.After(Buffer, 1_012, 5_000));
        // Replenishment rounds down and stops at the maximum.
        Assert.Equal(new DelayBufferState(2, 1_021), new DelayBufferState(2, 1_012).After(Buffer, 1_021, 1_021));
        Assert.Equal(new DelayBufferState(3, 1_022), new DelayBufferState(2, 1_012).After(Buffer, 1_022, 1_022));
        Assert.Equal(new DelayBufferState(8, 2_000), new DelayBufferState(2, 1_000).After(Buffer, 2_000, 2_000));
        // Invalid parameters are named.
        Assert.NotNull(new DelayBufferConfig(0, 8, 1).Problem());
        Assert.NotNull(new DelayBufferConfig(9, 8, 1).Problem());
        Assert.NotNull(new DelayBufferConfig(2, 8, 10_001).Problem());
        Assert.Null(DelayBufferConfig.ForWindow(120).Problem());
        Assert.Equal(new DelayBufferConfig(15, 120, 500), DelayBufferConfig.ForWindow(120));
    }

    [Fact]
    public void A_censoring_sequencer_sees_its_forced_inclusion_window_shrink_and_derivation_agrees()
    {
        var (harness, verifier) = Run(censor: true, 12, 22, 32);
        Assert.Empty(verifier.Rejected);
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        // Each forced transaction enters exactly when the window in force makes it due: 12 + 8, 22 + 6, 32 + 3.
        Assert.Equal([20UL, 28UL, 35UL], ForcedOrigins(verifier));
        // The buffer ends at 3 of 8 blocks: the head's header carries the deficit, 5.
        Assert.Equal(Buffer.MaxBlocks - 3, verifier.Safe.DelayBufferDeficit);
        Assert.Equal(3UL, verifier.ForcedWindow);
        Assert.Equal(verifier.ForcedWindow, harness.Sequencer.ForcedWindow);
        Assert.Equal(new OptimisticAccount(30, 0), verifier.Machine.GetAccount(verifier.Safe.StateRoot, Bob));
    }

    [Fact]
    public void An_honest_sequencer_keeps_the_window_full_and_a_fixed_window_rollup_is_unchanged()
    {
        var (_, honest) = Run(censor: false, 12, 22, 32);
        Assert.Equal([12UL, 22UL, 32UL], ForcedOrigins(honest));
        Assert.Equal(8UL, honest.ForcedWindow);
        Assert.Equal(0UL, honest.Safe.DelayBufferDeficit);

        var (_, fixedWindow) = Run(censor: true, delayBuffer: null, 12, 22, 32);
        Assert.Equal([20UL, 30UL, 40UL], ForcedOrigins(fixedWindow));
        Assert.Equal(8UL, fixedWindow.ForcedWindow);
    }

    private static List<ulong> ForcedOrigins(DerivationPipeline verifier)
    {
        var origins = new List<ulong>();
        for (var n = 1UL; n <= verifier.Safe.Number; n++)
        {
            var block = verifier.GetBlock(n)!;
            foreach (var tx in block.Transactions)
            {
                if (tx.Kind == L2TxKind.Forced) origins.Add(block.Header.L1Origin);
            }
        }
        return origins;
    }

    private static (RollupHarness, DerivationPipeline) Run(bool censor, params ulong[] forcedAt) => Run(censor, Buffer, forcedAt);

    /// <summary>L1 blocks 11..44, a batch posted every L1 block, a forced transfer of 10 to Bob at each of <paramref name="forcedAt"/>.</summary>
    private static (RollupHarness, DerivationPipeline) Run(bool censor, DelayBufferConfig? delayBuffer, params ulong[] forcedAt)
    {
        var config = RollupHarness.Config(sequencingWindow: 40, forcedWindow: 8) with { DelayBuffer = delayBuffer };
        var harness = new RollupHarness(config, includeForcedEarly: !censor);
        harness.AddL1Block([(TestKeys.Key(0).Address, 1_000)], [], []);
        ulong nonce = 0;
        while (harness.NextL1Height < 45)
        {
            harness.RunL2Interval(_ => { });
            var blobs = harness.PostBatch();
            IReadOnlyList<OptimisticBatchItem> forced = forcedAt.Contains(harness.NextL1Height) ? [TestKeys.Transfer(0, Bob, 10, nonce++)] : [];
            harness.AddL1Block([], forced, blobs);
        }
        return (harness, harness.Derive());
    }
}
