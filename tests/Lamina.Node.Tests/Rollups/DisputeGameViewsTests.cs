using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.Node.Rollups;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Node.Tests.Rollups;

/// <summary>
/// rollup_getGame on a real node replays a game once per move: a call while the game gained no move is served from the
/// kept replay (only the clocks move with the head), and a new move is seen at once.
/// </summary>
public sealed class DisputeGameViewsTests(DisputeNodeFixture node) : IClassFixture<DisputeNodeFixture>
{
    private const ulong Id = DisputeNodeFixture.RollupId;

    private static async Task FinalAsync(LaminaRpcClient client, Transaction tx)
    {
        await client.SendTransactionAsync(tx.Encoded);
        var final = await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(30));
        Assert.True(final is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
    }

    private static async Task<RollupTxBuilder> BuilderAsync(LaminaRpcClient client, Lamina.Core.Crypto.SigningKey key) =>
        new(key, TestHome.ChainId, (await client.GetAccountAsync(key.Address)).PendingNonce, 10_000, 2);

    [Fact]
    public async Task A_game_is_replayed_once_per_move_and_a_new_move_is_seen()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var views = node.App!.Services.GetRequiredService<DisputeGameViews>();
        var proposerKey = node.Home.Funded[2];
        var wrong = new Lamina.L2.Optimistic.OptimisticOutput(new Hash256(Enumerable.Repeat((byte)0x5A, 32).ToArray()), Hash256.Zero, 1);
        await FinalAsync(client, (await BuilderAsync(client, proposerKey)).Output(Id, wrong, DisputeNodeFixture.Bond));
        var config = OutputGameConfig.ForRollup(DisputeNodeFixture.Rollup(node.Home.Funded[0].Address));
        var challengerKey = node.Home.Funded[3];
        var mine = new Hash256(Enumerable.Repeat((byte)0x3C, 32).ToArray());
        await FinalAsync(client, (await BuilderAsync(client, challengerKey)).Sign(new DisputeCreatePayload(Id, 1, L2Rollup.GenesisHeader.Output, mine, config.BondAt(1))));

        var before = views.Replays;
        var first = (await client.CallAsync("rollup_getGame", Id, 1))!;
        Assert.Equal(before + 1, views.Replays);
        await node.WaitForHeightAsync(first["height"]!.GetValue<ulong>() + 1); // the head moves, the game does not
        var second = (await client.CallAsync("rollup_getGame", Id, 1))!;
        var alias = (await client.CallAsync("dispute_get", Id, 1))!;
        Assert.Equal(before + 1, views.Replays); // neither call replayed the game
        Assert.True(second["height"]!.GetValue<ulong>() > first["height"]!.GetValue<ulong>());
        foreach (var field in new[] { "claims", "moveLog", "bonds", "descents" })
        {
            // A claim's counterers' clock runs with the head; everything else is the kept replay's.
            Assert.True(JsonNode.DeepEquals(Without(second[field], "counterClockMs"), Without(first[field], "counterClockMs")), $"{field} changed without a move");
            Assert.True(JsonNode.DeepEquals(Without(second[field], "counterClockMs"), Without(alias[field], "counterClockMs")), $"{field}: dispute_get disagrees");
        }
        Assert.True(second["headTimeMs"]!.GetValue<ulong>() > first["headTimeMs"]!.GetValue<ulong>());
        Assert.True(second["clocks"]!["defenderMs"]!.GetValue<ulong>() > first["clocks"]!["defenderMs"]!.GetValue<ulong>(), "the defender's clock runs at the head's time");

        // The proposer answers: the next call sees the new move at once, with one more replay.
        var answer = new Hash256(Enumerable.Repeat((byte)0x7E, 32).ToArray());
        await FinalAsync(client, (await BuilderAsync(client, proposerKey)).Sign(new DisputeMovePayload(Id, 1, config.BondAt(2), DisputeMove.Attack(1, answer))));
        var moved = (await client.CallAsync("rollup_getGame", Id, 1))!;
        Assert.Equal(before + 2, views.Replays);
        Assert.Equal(2, moved["moveLog"]!.AsArray().Count);
        var claims = moved["claims"]!.AsArray();
        Assert.Equal(3, claims.Count);
        Assert.Equal((proposerKey.Address.ToString(), answer.ToString()), (claims[2]!["claimant"]!.GetValue<string>(), claims[2]!["commitment"]!.GetValue<string>()));
        await client.CallAsync("rollup_getGame", Id, 1);
        Assert.Equal(before + 2, views.Replays);
    }

    /// <summary>A copy of <paramref name="node"/> with <paramref name="field"/> removed from every object in an array.</summary>
    private static JsonNode? Without(JsonNode? node, string field)
    {
        var copy = node?.DeepClone();
        if (copy is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonObject o) o.Remove(field);
            }
        }
        return copy;
    }
}
