using CsCheck;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Tests.Derivation;

/// <summary>
/// Issue 13's "derivation equals sequencing": on random workloads (deposits, transfers and withdrawals, some invalid,
/// forced transactions that race the sequencer's for the same nonce, batches posted at random L1 heights and split
/// over several blobs), a verifier that reads only L1 data reaches the sequencer's blocks, hash for hash.
/// </summary>
public sealed class DerivationPropertyTests
{
    private const int Users = 6;

    /// <summary>One L1 interval of the workload: deposits, forced txs, user txs per L2 tick, whether the batcher posts, small blobs.</summary>
    private sealed record Interval(int Deposits, int Forced, int UserTxs, bool Post, uint Seed);

    private static readonly Gen<Interval> IntervalGen =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 12], Gen.Int[0, 2], Gen.UInt, (d, f, u, p, s) => new Interval(d, f, u, p != 0, s));

    [Fact]
    public void A_verifier_from_L1_data_alone_reaches_the_sequencers_state_roots()
    {
        Gen.Select(IntervalGen.Array[3, 10], Gen.Bool, Gen.Bool, Gen.Bool).Sample((intervals, smallBlobs, censor, delayBuffer) =>
        {
            // Half the runs with Arbitrum's delay buffer (window 4 shrinking to 1 after delays): the sequencer and derivation must shrink it alike.
            var config = RollupHarness.Config() with { DelayBuffer = delayBuffer ? new DelayBufferConfig(1, 4, 2_500) : null };
            var harness = new RollupHarness(config, includeForcedEarly: !censor, maxBlobBytes: smallBlobs ? 600 : 130_048);
            var lastPostHeight = harness.NextL1Height;
            IReadOnlyList<BatchBlob> blobs = [];
            foreach (var interval in intervals)
            {
                var random = new Random((int)interval.Seed);
                var deposits = Enumerable.Range(0, interval.Deposits).Select(_ => (TestKeys.Key(random.Next(Users)).Address, (ulong)random.Next(1, 5_000))).ToList();
                var forced = Enumerable.Range(0, interval.Forced).Select(_ => RandomTx(harness, random)).ToList();
                harness.AddL1Block(deposits, forced, blobs);
                blobs = [];
                harness.RunL2Interval(_ =>
                {
                    for (var i = 0; i < interval.UserTxs / 4 + (random.Next(4) < interval.UserTxs % 4 ? 1 : 0); i++)
                    {
                        try
                        {
                            harness.Sequencer.Submit(RandomTx(harness, random));
                        }
                        catch (InvalidOptimisticTransactionException)
                        {
                        }
                    }
                });
                // Post when the workload says so, and at the latest every 4 L1 blocks (inside the sequencing window of 8).
                if (interval.Post || harness.NextL1Height - lastPostHeight >= 4)
                {
                    blobs = harness.PostBatch();
                    lastPostHeight = harness.NextL1Height;
                }
            }
            harness.AddL1Block([], [], blobs);
            harness.AddL1Block([], [], harness.PostBatch());

            var verifier = harness.Derive();
            Assert.Empty(verifier.Rejected);
            Assert.Equal(0UL, verifier.AutoBlocks);
            Assert.Equal(harness.Sequencer.Head.Number, verifier.Safe.Number);
            for (var n = 0UL; n <= verifier.Safe.Number; n++)
                Assert.Equal(harness.Sequencer.GetBlock(n)!.Header, verifier.GetBlock(n)!.Header);
            // Every forced transaction submitted up to the window before the newest origin is in the chain.
            var due = harness.Sequencer.Inbox.ForcedQueue.Count(f => f.L1Height + harness.Rollup.ForcedInclusionWindow <= verifier.Safe.L1Origin);
            Assert.True(verifier.Safe.NextForced >= (ulong)due, $"{verifier.Safe.NextForced} forced consumed, {due} due");
        }, iter: 24, threads: 1);
    }

    /// <summary>A transfer or withdrawal, usually valid against the sequencer's pending state, sometimes not.</summary>
    internal static OptimisticBatchItem RandomTx(RollupHarness harness, Random random)
    {
        var from = random.Next(Users);
        var account = harness.Sequencer.PendingAccount(TestKeys.Key(from).Address);
        var nonce = random.Next(10) == 0 ? account.Nonce + 1 : account.Nonce;
        var amount = random.Next(8) == 0 ? account.Balance + 1 : (ulong)random.Next(0, (int)Math.Min(account.Balance + 1, 2_000));
        var to = random.Next(5) == 0 ? TestKeys.Addr((byte)random.Next(256)) : TestKeys.Key(random.Next(Users)).Address;
        var item = random.Next(6) == 0 ? TestKeys.Withdraw(from, to, amount, nonce) : TestKeys.Transfer(from, to, amount, nonce);
        return random.Next(25) == 0 ? item with { Amount = item.Amount + 1 } : item; // a bad signature
    }
}
