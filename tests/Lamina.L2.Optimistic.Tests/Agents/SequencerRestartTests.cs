using Lamina.Core;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Optimistic.Tests.Derivation;
using Lamina.Storage;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// A sequencer restarted over its RocksDB journal after L1's blob fee rose: journaled pending transactions that no
/// longer pay enough, and those after them that depended on them, are dropped with their reasons, in order; the rest
/// are admitted again in journal order, and the restart never fails.
/// </summary>
public sealed class SequencerRestartTests : IDisposable
{
    private const ulong ExecutionFee = 10;
    private const uint BytesPerTransaction = 100;
    private static readonly Address Bob = TestKeys.Addr(0xB0);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lamina-l2restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>What a transaction must pay at an L1 origin whose blob base fee is <paramref name="blobBaseFee"/>.</summary>
    private static ulong FeeAt(ulong blobBaseFee) => blobBaseFee * BytesPerTransaction + ExecutionFee;

    [Fact]
    public async Task A_restart_after_L1s_fee_rose_drops_what_no_longer_applies_and_readmits_the_rest_in_order()
    {
        var config = RollupHarness.Config() with { Fees = new OptimisticFeeSchedule(ExecutionFee, 0, BytesPerTransaction, 0) };
        var l1 = new InMemoryRollupL1Source(RollupHarness.GenesisHeight);
        l1.Append(L1BlockData.Empty(10, 10_000) with { BlobBaseFee = 1 });
        l1.Append(new L1BlockData(11, 11_000, [new L2Deposit(0, TestKeys.Key(0).Address, 100_000), new L2Deposit(1, TestKeys.Key(1).Address, 100_000)], [], [], [], BlobBaseFee: 1));
        var poster = new L1Poster(l1);
        var time = new ManualTime(11_050);
        var cheap = FeeAt(1);
        var ample = FeeAt(5);
        // In admission order: key 0 pays enough for what comes; key 1's first pays only today's fee, its second then has a nonce gap.
        var submitted = new[]
        {
            TestKeys.Transfer(0, Bob, 1, 0, ample),
            TestKeys.Transfer(1, Bob, 2, 0, cheap),
            TestKeys.Transfer(0, Bob, 3, 1, ample),
            TestKeys.Transfer(1, Bob, 4, 1, ample),
            TestKeys.Withdraw(0, TestKeys.Addr(0x77), 5, 2, ample),
        };
        var hashes = new List<Hash256>();

        using (var store = RocksDbStore.Open(_dir))
        {
            var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);
            agent.BuildBlock(); // takes the deposits
            foreach (var item in submitted) hashes.Add(agent.Submit(item));
            Assert.Equal(submitted.Length, agent.PendingCount);
        }

        // While the sequencer is down, L1's blob base fee rises to 5 per byte.
        l1.Append(L1BlockData.Empty(12, 12_000) with { BlobBaseFee = 5 });
        time.UnixMs = 12_050;

        using (var store = RocksDbStore.Open(_dir))
        {
            var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);

            Assert.Equal(3, agent.PendingCount);
            var dropped = agent.DroppedAtStart;
            Assert.Equal([hashes[1], hashes[3]], dropped.Select(d => d.Hash));
            Assert.Equal(["FeeTooLow", "BadNonce"], dropped.Select(d => d.Error));
            Assert.All(dropped, d => Assert.Equal((TestKeys.Key(1).Address, d.Hash == hashes[1] ? 0UL : 1UL), (d.Sender, d.Nonce)));
            Assert.All(dropped, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
            Assert.Null(agent.GetTransaction(hashes[1]));
            Assert.NotNull(agent.GetTransaction(hashes[0]));

            time.UnixMs += 100;
            var block = agent.BuildBlock()!.Block;
            Assert.Equal([hashes[0], hashes[2], hashes[4]], block.Transactions.Where(t => t.Kind == L2TxKind.Sequenced).Select(t => t.Hash));
            // Key 1 sends again at the new fee from nonce 0: the dropped transactions left nothing behind.
            hashes.Add(agent.Submit(TestKeys.Transfer(1, Bob, 6, 0, ample)));
        }

        // The journal forgot what was dropped: the next restart drops nothing and finds key 1's new transaction.
        using (var store = RocksDbStore.Open(_dir))
        {
            var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);
            Assert.Empty(agent.DroppedAtStart);
            Assert.Equal(1, agent.PendingCount);
            Assert.NotNull(agent.GetTransaction(hashes[^1]));
        }
    }
}
