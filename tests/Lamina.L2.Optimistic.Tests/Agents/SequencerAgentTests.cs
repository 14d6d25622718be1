using Lamina.Core;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Optimistic.Tests.Derivation;
using Lamina.Storage;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>The sequencer role over a real RocksDB journal, with L1 in memory and the clock moved by hand.</summary>
public sealed class SequencerAgentTests : IDisposable
{
    private static readonly Address Bob = TestKeys.Addr(0xB0);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lamina-l2seq-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static InMemoryRollupL1Source NewL1(out RollupConfig config)
    {
        config = RollupHarness.Config();
        var l1 = new InMemoryRollupL1Source(RollupHarness.GenesisHeight);
        l1.Append(L1BlockData.Empty(10, 10_000));
        l1.Append(new L1BlockData(11, 11_000, [new L2Deposit(0, TestKeys.Key(0).Address, 10_000)], [], [], []));
        return l1;
    }

    [Fact]
    public async Task Killed_mid_post_and_restarted_it_loses_no_accepted_transaction_and_reposts_the_same_channel()
    {
        var l1 = NewL1(out var config);
        var poster = new L1Poster(l1);
        var time = new ManualTime(11_050);
        var hashes = new List<Hash256>();
        byte[] firstAttempt;
        L2BlockHeader headBefore;

        using (var store = RocksDbStore.Open(_dir))
        {
            var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);
            agent.BuildBlock(); // takes the deposit
            for (ulong nonce = 0; nonce < 5; nonce++)
            {
                hashes.Add(agent.Submit(TestKeys.Transfer(0, Bob, 10 + nonce, nonce)));
                time.UnixMs += 100;
                agent.BuildBlock();
            }
            await agent.PostAsync(default);
            Assert.Equal(agent.Heads.Unsafe.Number, agent.Posted);

            for (ulong nonce = 5; nonce < 8; nonce++)
            {
                hashes.Add(agent.Submit(TestKeys.Transfer(0, Bob, 10 + nonce, nonce)));
                time.UnixMs += 100;
                agent.BuildBlock();
            }
            hashes.Add(agent.Submit(TestKeys.Withdraw(0, TestKeys.Addr(0x77), 500, 8))); // accepted, not yet in a block
            poster.FailNext = true;
            await Assert.ThrowsAsync<IOException>(() => agent.PostAsync(default));
            firstAttempt = poster.Attempts[^1][0];
            headBefore = agent.Heads.Unsafe;
        }

        using (var store = RocksDbStore.Open(_dir))
        {
            var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time, new SequencerOptions());
            await agent.StartAsync(default);
            Assert.Equal(headBefore, agent.Heads.Unsafe);
            Assert.Equal(1, agent.PendingCount);
            Assert.NotNull(agent.GetTransaction(hashes[^1]));

            await agent.PostAsync(default);
            // The repost is byte for byte the channel journaled before the crash: no second batch for that range.
            Assert.Equal(firstAttempt, poster.Attempts[^1][0]);
            time.UnixMs += 100;
            agent.BuildBlock();
            await agent.PostAsync(default);
            var posted = agent.Posted;
            l1.Append(L1BlockData.Empty(l1.NextHeight, l1.NextHeight * RollupHarness.L1BlockMs));
            await agent.TickAsync(default);

            var heads = agent.Heads;
            Assert.Equal(agent.GetBlock(posted)!.Header, heads.Safe); // the tick builds and posts one more block, not yet on L1
            foreach (var hash in hashes)
            {
                var location = agent.GetTransaction(hash);
                Assert.True(location is { Safe: true }, $"transaction {hash} is not in the safe chain");
            }
            Assert.Equal(new OptimisticAccount((ulong)(10_000 - 500 - Enumerable.Range(0, 8).Sum(i => 10 + i)), 9), agent.GetAccount(TestKeys.Key(0).Address));

            // A verifier that reads only L1 agrees with the restarted sequencer.
            var verifier = new VerifierAgent(config, l1);
            await verifier.SyncAsync(default);
            var verified = verifier.Heads.Safe;
            Assert.True(verified.Number >= heads.Safe.Number);
            Assert.Equal(agent.GetBlock(verified.Number)!.Header, verified);
        }
    }

    [Fact]
    public async Task Censor_and_withhold_fault_modes()
    {
        var l1 = NewL1(out var config);
        var poster = new L1Poster(l1);
        var time = new ManualTime(11_050);
        using var store = RocksDbStore.Open(_dir);
        var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time,
            new SequencerOptions(WithholdBatches: true, Censored: TestKeys.Key(0).Address));
        await agent.StartAsync(default);
        Assert.Throws<SequencerRejectedException>(() => agent.Submit(TestKeys.Transfer(0, Bob, 1, 0)));
        await agent.TickAsync(default);
        time.UnixMs += 1_000;
        await agent.TickAsync(default);
        Assert.True(agent.Heads.Unsafe.Number >= 2);
        Assert.Empty(poster.Attempts);
        Assert.Equal(0UL, agent.Heads.Safe.Number);
    }

    [Fact]
    public async Task Withdrawal_proof_is_served_once_its_output_is_finalized()
    {
        var l1 = NewL1(out var config);
        var poster = new L1Poster(l1);
        var time = new ManualTime(11_050);
        using var store = RocksDbStore.Open(_dir);
        var agent = new SequencerAgent(config, l1, poster, new SequencerJournal(store), time, new SequencerOptions());
        await agent.StartAsync(default);
        agent.BuildBlock();
        agent.Submit(TestKeys.Withdraw(0, TestKeys.Addr(0x77), 700, 0));
        time.UnixMs += 100;
        var block = agent.BuildBlock()!.Block;
        await agent.PostAsync(default);
        await agent.TickAsync(default);
        Assert.Null(agent.GetWithdrawalProof(TestKeys.Key(0).Address, 0));

        l1.SetFinalized(new FinalizedOutput(block.Header.Number, block.Header.Output.Root));
        await agent.TickAsync(default);
        Assert.Equal(block.Header, agent.Heads.Finalized);
        var proof = agent.GetWithdrawalProof(TestKeys.Key(0).Address, 0)!;
        proof.Verify(block.Header.Output.Root, new OptimisticWithdrawalReceipt(TestKeys.Key(0).Address, TestKeys.Addr(0x77), 700, 0));
    }
}
