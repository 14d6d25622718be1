using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.Node.Tests.Support;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Node.Tests.Rollups;

/// <summary>A real node whose rollup 9 starts from the L2 chain's constant genesis output (its preimage is known) with a 60 s window.</summary>
public sealed class DisputeNodeFixture : NodeFixture
{
    public const ulong RollupId = 9;
    public static readonly UInt128 Bond = 5_000;

    public static RollupConfig Rollup(Address poster) => new(RollupId, 99, L2Rollup.GenesisOutputRoot, Bond, 60, 10, poster);

    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs([Rollup(Home.Funded[0].Address)]);
        return StartAsync();
    }
}

/// <summary>
/// The dispute game through a real node: a wrong output is disputed by a transaction sent over RPC, the output shows as
/// disputed, and dispute_list / dispute_get answer the game rebuilt from L1's record.
/// </summary>
public sealed class DisputeNodeTests(DisputeNodeFixture node) : IClassFixture<DisputeNodeFixture>
{
    private const ulong Id = DisputeNodeFixture.RollupId;

    private static async Task FinalAsync(LaminaRpcClient client, Transaction tx)
    {
        await client.SendTransactionAsync(tx.Encoded);
        var final = await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(30));
        Assert.True(final is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
    }

    [Fact]
    public async Task A_wrong_output_is_disputed_over_RPC_and_the_game_is_served()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var proposerKey = node.Home.Funded[2];
        var proposer = new RollupTxBuilder(proposerKey, TestHome.ChainId, (await client.GetAccountAsync(proposerKey.Address)).PendingNonce, 10_000, 2);
        var wrong = new Lamina.L2.Optimistic.OptimisticOutput(new Hash256(Enumerable.Repeat((byte)0x5A, 32).ToArray()), Hash256.Zero, 1);
        await FinalAsync(client, proposer.Output(Id, wrong, DisputeNodeFixture.Bond));

        var challengerKey = node.Home.Funded[3];
        var challenger = new RollupTxBuilder(challengerKey, TestHome.ChainId, (await client.GetAccountAsync(challengerKey.Address)).PendingNonce, 10_000, 2);
        var config = OutputGameConfig.ForRollup(DisputeNodeFixture.Rollup(node.Home.Funded[0].Address));
        var mine = new Hash256(Enumerable.Repeat((byte)0x3C, 32).ToArray());
        await FinalAsync(client, challenger.Sign(new DisputeCreatePayload(Id, 1, L2Rollup.GenesisHeader.Output, mine, config.BondAt(1))));

        var outputs = await client.GetRollupOutputsAsync(Id, from: 1);
        Assert.Equal("disputed", Assert.Single(outputs.Items).Status);
        var list = await client.CallAsync("dispute_list", Id);
        var game = Assert.Single(list!["games"]!.AsArray())!;
        Assert.Equal((1UL, "open", 1), (game["outputIndex"]!.GetValue<ulong>(), game["status"]!.GetValue<string>(), game["moves"]!.GetValue<int>()));
        Assert.Equal(wrong.Root.ToString(), game["disputedRoot"]!.GetValue<string>());

        var full = await client.CallAsync("dispute_get", Id, 1);
        var claims = full!["claims"]!.AsArray();
        Assert.Equal(2, claims.Count);
        Assert.Equal((challengerKey.Address.ToString(), mine.ToString(), 1UL), (claims[1]!["claimant"]!.GetValue<string>(), claims[1]!["commitment"]!.GetValue<string>(), claims[1]!["l2BlockNumber"]!.GetValue<ulong>()));
        Assert.Equal(config.BondAt(1).ToString(), claims[1]!["bond"]!.GetValue<string>());
        Assert.Equal(20, full["config"]!["blockDepth"]!.GetValue<int>());
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync("dispute_get", Id, 5));
        Assert.Equal(RpcErrorCodes.NotFound, missing.Code);

        // The names issue 14 gives them answer the same: rollup_getDisputes is dispute_list, rollup_getGame is dispute_get.
        var disputes = await client.CallAsync("rollup_getDisputes", Id);
        Assert.True(JsonNode.DeepEquals(list["games"], disputes!["games"]), "rollup_getDisputes and dispute_list disagree");
        var served = (await client.CallAsync("rollup_getGame", Id, 1))!;
        Assert.True(JsonNode.DeepEquals(full["moveLog"], served["moveLog"]), "rollup_getGame and dispute_get disagree on the moves");
        Assert.Equal(claims.Count, served["claims"]!.AsArray().Count);
        Assert.Equal(RpcErrorCodes.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.CallAsync("rollup_getGame", Id, 5))).Code);

        // The one move so far, as played: the challenger's attack on the root, at depth 1 of the block level.
        var move = Assert.Single(served["moveLog"]!.AsArray())!;
        Assert.Equal(("attack", challengerKey.Address.ToString(), 0, 1, "block", "challenger"),
            (move["kind"]!.GetValue<string>(), move["mover"]!.GetValue<string>(), move["parentClaim"]!.GetValue<int>(), move["claim"]!.GetValue<int>(), move["level"]!.GetValue<string>(), move["side"]!.GetValue<string>()));
        Assert.Equal(config.BondAt(1).ToString(), move["bond"]!.GetValue<string>());
        Assert.Null(move["step"]);
        // Both clocks on the newest claim's path: the challenger's stopped when it moved, the defender's is running.
        var clocks = served["clocks"]!;
        Assert.Equal((1, "defender", config.Execution.MaxClockMs), (clocks["claim"]!.GetValue<int>(), clocks["running"]!.GetValue<string>(), clocks["maxClockMs"]!.GetValue<ulong>()));
        Assert.Equal(claims[1]!["clockMs"]!.GetValue<ulong>(), clocks["challengerMs"]!.GetValue<ulong>());
        Assert.True(clocks["defenderMs"]!.GetValue<ulong>() <= served["headTimeMs"]!.GetValue<ulong>() - claims[1]!["createdTimeMs"]!.GetValue<ulong>());
        // The bonds: the proposer's output bond and the challenger's claim bond, locked and not yet paid.
        var bonds = served["bonds"]!.AsArray();
        Assert.Equal([(proposerKey.Address.ToString(), DisputeNodeFixture.Bond.ToString()), (challengerKey.Address.ToString(), config.BondAt(1).ToString())],
            bonds.Select(b => (b!["address"]!.GetValue<string>(), b["locked"]!.GetValue<string>())).ToArray());
        Assert.All(bonds, b => Assert.Null(b!["paid"]));
        Assert.False(served["resolvable"]!.GetValue<bool>());
    }
}
