using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.L2.Optimistic.Tests.Derivation;
using Lamina.Storage;

namespace Lamina.L2.Optimistic.Tests.Agents;

public sealed class ProposerTests
{
    /// <summary>Posts an output as the next in-memory L1 block.</summary>
    private sealed class OutputsOnL1(InMemoryRollupL1Source l1) : IOutputPoster
    {
        public Task PostAsync(OptimisticOutput output, CancellationToken cancellationToken)
        {
            var height = l1.NextHeight;
            l1.Append(new L1BlockData(height, height * RollupHarness.L1BlockMs, [], [], [], [new OutputProposal(output.L2BlockNumber, output.Root)]));
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Proposes_the_safe_head_once_and_a_wrong_root_is_reported_by_a_verifier(bool wrongRoot)
    {
        var config = RollupHarness.Config();
        var l1 = new InMemoryRollupL1Source(RollupHarness.GenesisHeight);
        l1.Append(L1BlockData.Empty(10, 10_000));
        l1.Append(new L1BlockData(11, 11_000, [new L2Deposit(0, TestKeys.Key(0).Address, 1_000)], [], [], []));
        var time = new ManualTime(11_050);
        using var store = new InMemoryStore();
        var sequencer = new SequencerAgent(config, l1, new L1Poster(l1), new SequencerJournal(store), time, new SequencerOptions());
        await sequencer.StartAsync(default);
        sequencer.BuildBlock();
        sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(0xB0), 10, 0));
        time.UnixMs += 100;
        sequencer.BuildBlock();
        await sequencer.PostAsync(default);
        await sequencer.TickAsync(default); // derive the posted blocks: the safe head moves

        var proposer = new Proposer(sequencer, new OutputsOnL1(l1), time, TimeSpan.FromSeconds(1), wrongRoot);
        var safe = sequencer.Heads.Safe;
        Assert.True(safe.Number >= 2);
        var posted = await proposer.ProposeAsync(default);
        Assert.Equal(safe.Number, posted!.Value.L2BlockNumber);
        Assert.Equal(!wrongRoot, posted.Value.Root == safe.Output.Root);
        Assert.Null(await proposer.ProposeAsync(default)); // nothing newer is safe
        Assert.Equal(wrongRoot ? posted : null, proposer.Lie); // the lie it keeps to defend in a dispute

        var verifier = new VerifierAgent(config, l1);
        await verifier.SyncAsync(default);
        var mismatches = verifier.Heads.Mismatches;
        if (wrongRoot) Assert.Equal([new OutputMismatch(safe.Number, posted.Value.Root, safe.Output.Root)], mismatches);
        else Assert.Empty(mismatches);
    }

    [Fact]
    public async Task A_bad_transition_proposer_posts_the_faulty_output_once_and_a_verifier_reports_it()
    {
        var config = RollupHarness.Config();
        var l1 = new InMemoryRollupL1Source(RollupHarness.GenesisHeight);
        l1.Append(L1BlockData.Empty(10, 10_000));
        var time = new ManualTime(10_050);
        using var store = new InMemoryStore();
        var sequencer = new SequencerAgent(config, l1, new L1Poster(l1), new SequencerJournal(store), time, new SequencerOptions());
        await sequencer.StartAsync(default);
        var fault = new BadTransitionFault(3, new OptimisticRuleContext(config.ChainId, config.RollupId, config.Sequencer, config.Fees), sequencer.FeesAt, sequencer.GetBlock);
        var proposer = new Proposer(sequencer, new OutputsOnL1(l1), time, TimeSpan.FromSeconds(1), badTransition: fault);

        // A range without a transaction: the output is true and nothing is struck.
        sequencer.BuildBlock();
        await sequencer.PostAsync(default);
        await sequencer.TickAsync(default);
        var empty = await proposer.ProposeAsync(default);
        Assert.Equal(sequencer.Heads.Safe.Output, empty);
        Assert.Null(proposer.Lie);

        // Then a deposit and two transfers: the next output comes from the faulty execution, once.
        var height = l1.NextHeight;
        l1.Append(new L1BlockData(height, height * RollupHarness.L1BlockMs, [new L2Deposit(0, TestKeys.Key(0).Address, 1_000)], [], [], []));
        time.UnixMs = (long)(height * RollupHarness.L1BlockMs) + 50;
        await sequencer.TickAsync(default); // reads the new L1 block
        sequencer.BuildBlock();
        sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(0xB0), 10, 0));
        sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(0xB1), 20, 1));
        time.UnixMs += 100;
        sequencer.BuildBlock();
        await sequencer.PostAsync(default);
        await sequencer.TickAsync(default);
        var safe = sequencer.Heads.Safe;
        var lie = await proposer.ProposeAsync(default);
        Assert.Equal(fault.Lie, lie);
        Assert.Equal(proposer.Lie, lie);
        Assert.Equal(safe.Number, lie!.Value.L2BlockNumber);
        Assert.NotEqual(safe.Output.Root, lie.Value.Root);
        Assert.Equal(fault.Block(safe.Number)!.Header.Output, lie);
        var (block, tx) = fault.Struck!.Value;
        Assert.True(block > empty!.Value.L2BlockNumber && block <= safe.Number && tx < sequencer.GetBlock(block)!.Transactions.Count);

        var verifier = new VerifierAgent(config, l1);
        await verifier.SyncAsync(default);
        Assert.Equal([new OutputMismatch(safe.Number, lie.Value.Root, safe.Output.Root)], verifier.Heads.Mismatches);
    }
}
