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
}
