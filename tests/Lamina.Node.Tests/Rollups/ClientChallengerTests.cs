using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.L1Client;
using Lamina.Node.Optimistic;
using Lamina.Node.Tests.Support;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Node.Tests.Rollups;

/// <summary>
/// The challenger over a real L1 node through Lamina.Client (what the <c>challenger</c> role runs): it sees a wrong output
/// root, opens the game with its own root for the block, and reads the game back from L1's record (dispute_getRecord),
/// rebuilding it with L1's deposits and origin fees read over RPC to exactly the game L1 serves; a second agent (a
/// restart) finds nothing to do while the liar has not answered.
/// </summary>
public sealed class ClientChallengerTests(DisputeNodeFixture node) : IClassFixture<DisputeNodeFixture>
{
    private const ulong Id = DisputeNodeFixture.RollupId;

    [Fact]
    public async Task The_challenger_opens_a_game_against_a_wrong_output_over_the_client_and_rebuilds_it_from_L1()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var rollup = ClientChallenger.L1ConfigOf(await client.GetRollupAsync(Id));
        Assert.Equal(DisputeNodeFixture.Rollup(node.Home.Funded[0].Address), rollup);

        // The honest L2 chain: block 1 credits nothing and has origin 0 (genesis, whose blob fee L1 recorded).
        var store = new InMemorySmtNodeStore();
        var machine = new OptimisticStateMachine(store, rollup.L2ChainId, Id, rollup.BatchPoster);
        var blocks = new List<L2Block> { new(L2Rollup.GenesisHeader, [], []) };
        blocks.Add(new L2BlockExecutor(machine).Execute(L2Rollup.GenesisHeader, new L2BlockInputs(0, 1, [], [], [], rollup.L2FeesAt(0))).Block);
        var history = new ChainOutputHistory(n => n < (ulong)blocks.Count ? blocks[(int)n] : null, store, DisputeLedger.RuleContext(rollup));

        var proposerKey = node.Home.Funded[5];
        var proposer = new RollupTxBuilder(proposerKey, TestHome.ChainId, (await client.GetAccountAsync(proposerKey.Address)).PendingNonce, 10_000, 2);
        var wrong = new OptimisticOutput(new Hash256(Enumerable.Repeat((byte)0x6B, 32).ToArray()), Hash256.Zero, 1);
        var posted = proposer.Output(Id, wrong, DisputeNodeFixture.Bond);
        await client.SendTransactionAsync(posted.Encoded);
        Assert.True(await client.WaitFinalAsync(posted.Hash, TimeSpan.FromSeconds(30)) is { IsIncluded: true });

        var me = node.Home.Funded[6];
        var l1 = new ClientDisputeL1(client, me, TestHome.ChainId, Id);
        var agent = new ChallengerAgent(l1, history, () => 1, rollup, me.Address);
        Assert.Equal(1, await agent.TickAsync(CancellationToken.None));

        var outputs = await l1.OutputsAsync(CancellationToken.None);
        Assert.Equal(OutputStatus.Disputed, outputs[1].Status);
        var record = await l1.GameAsync(1, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Null(await l1.GameAsync(7, CancellationToken.None));
        var entry = Assert.Single(record.Moves);
        Assert.Equal(me.Address, entry.Mover);
        var game = record.Rebuild(rollup, await l1.RecordsAsync([0], CancellationToken.None));
        Assert.Equal(history.OutputRoot(1), game.Claim(1).Commitment);
        var served = await client.CallAsync("dispute_get", Id, 1);
        Assert.Equal(game.ClaimCount, served!["claims"]!.AsArray().Count);

        // Restarted (a new agent): the liar has not answered, so there is nothing to counter and nothing to resolve yet.
        var restarted = new ChallengerAgent(l1, history, () => 1, rollup, me.Address);
        Assert.Equal(0, await restarted.TickAsync(CancellationToken.None));
    }
}
