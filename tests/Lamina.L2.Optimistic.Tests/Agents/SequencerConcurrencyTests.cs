using Lamina.Core;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Optimistic.Tests.Derivation;
using Lamina.Storage;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// What the sequencer does while a slow step is in progress: admission is not held up by a block's synced journal
/// write, a block is shown only once journaled (a crash during the write loses no accepted transaction), and blocks
/// keep coming while a post waits for L1.
/// </summary>
public sealed class SequencerConcurrencyTests : IDisposable
{
    private static readonly Address Bob = TestKeys.Addr(0xB0);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lamina-l2seqc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static InMemoryRollupL1Source NewL1()
    {
        var l1 = new InMemoryRollupL1Source(RollupHarness.GenesisHeight);
        l1.Append(L1BlockData.Empty(10, 10_000));
        l1.Append(new L1BlockData(11, 11_000, [new L2Deposit(0, TestKeys.Key(0).Address, 10_000)], [], [], []));
        return l1;
    }

    [Fact]
    public async Task Admission_goes_on_during_a_blocks_journal_write_and_a_crash_in_it_loses_no_accepted_transaction()
    {
        var l1 = NewL1();
        var config = RollupHarness.Config();
        var time = new ManualTime(11_050);
        Hash256 first, second;
        L2BlockHeader shown;
        using (var store = new StallingStore(RocksDbStore.Open(_dir)))
        {
            var agent = new SequencerAgent(config, l1, new L1Poster(l1), new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);
            agent.BuildBlock(); // the deposit
            shown = agent.Heads.Unsafe;
            first = agent.Submit(TestKeys.Transfer(0, Bob, 10, 0));

            store.StallBlockWrites = true;
            time.UnixMs += 100;
            var building = Task.Run(agent.BuildBlock);
            Assert.True(store.BlockWriteEntered.Wait(Patience), "the block's journal write never started");

            // The block is built in memory, its synced write is in progress: admission answers meanwhile.
            var admitted = agent.SubmitAsync(TestKeys.Transfer(0, Bob, 11, 1));
            Assert.True(await Task.WhenAny(admitted, Task.Delay(Patience)) == admitted, "admission waited for the block's journal write");
            second = await admitted;
            Assert.Equal(2UL, agent.GetAccount(TestKeys.Key(0).Address).Nonce);
            // Not durable, so not shown: the head, the block and the transaction's place are as before the build.
            Assert.Equal(shown, agent.Heads.Unsafe);
            Assert.Null(agent.GetBlock(shown.Number + 1));
            Assert.Null(agent.GetTransaction(first)!.BlockNumber);

            // Killed during the write: it never lands.
            store.FailStalledWrite();
            await Assert.ThrowsAsync<IOException>(() => building);
            agent.Dispose();
        }

        using (var store = RocksDbStore.Open(_dir))
        {
            var agent = new SequencerAgent(config, l1, new L1Poster(l1), new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);
            Assert.Equal(shown, agent.Heads.Unsafe);
            Assert.Equal(2, agent.PendingCount);
            time.UnixMs += 100;
            var block = agent.BuildBlock()!.Block;
            Assert.Equal([first, second], block.Transactions.Select(t => t.Hash));
            Assert.Equal(block.Header, agent.Heads.Unsafe);
            Assert.Equal(block.Header.Number, agent.GetTransaction(second)!.BlockNumber);
            agent.Dispose();
        }
    }

    [Fact]
    public async Task Blocks_keep_coming_while_a_post_waits_for_l1()
    {
        var l1 = NewL1();
        var poster = new StuckPoster();
        var time = new ManualTime(11_050);
        using var store = RocksDbStore.Open(_dir);
        var agent = new SequencerAgent(RollupHarness.Config(), l1, poster, new SequencerJournal(store), time,
            new SequencerOptions(BlockIntervalMs: 10, BatchIntervalMs: 10));
        await agent.StartAsync(default);
        using var stop = new CancellationTokenSource();
        var running = agent.RunAsync(stop.Token);

        Assert.True(poster.Entered.Wait(Patience), "nothing was posted");
        var stuckAt = agent.Heads.Unsafe.Number;
        var hash = agent.Submit(TestKeys.Transfer(0, Bob, 10, 0));
        var deadline = DateTime.UtcNow + Patience;
        while (agent.GetTransaction(hash)?.BlockNumber is null && DateTime.UtcNow < deadline) await Task.Delay(10);

        Assert.NotNull(agent.GetTransaction(hash)!.BlockNumber);
        Assert.True(agent.Heads.Unsafe.Number > stuckAt);
        Assert.Equal(1, poster.Calls);
        Assert.Equal(0UL, agent.Posted);
        await stop.CancelAsync();
        await running;
    }

    /// <summary>A post that never completes (L1 not answering) until cancelled.</summary>
    private sealed class StuckPoster : IBatchPoster
    {
        private int _calls;

        public ManualResetEventSlim Entered { get; } = new();
        public int Calls => Volatile.Read(ref _calls);

        public async Task PostAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
