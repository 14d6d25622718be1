using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.L1.Staking;
using Lamina.L1.Transactions;
using Lamina.Client;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>l1_allValidators: every operator that bonded stake, including those outside the active set.</summary>
public sealed class AllValidatorsRpcTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static JsonObject Entry(JsonNode result, Address address)
        => result["validators"]!.AsArray().Select(v => v!.AsObject()).SingleOrDefault(v => v["address"]!.GetValue<string>() == address.ToString())
            ?? throw new Xunit.Sdk.XunitException($"{address} is not listed: {result.ToJsonString()}");

    [Fact]
    public async Task Lists_genesis_and_new_stakers_with_stake_power_and_standing()
    {
        await node.WaitForHeightAsync(1);
        var before = (await node.CallAsync("l1_allValidators"))!;
        var genesis = Entry(before, node.Home.Validator.Address);
        Assert.Single(before["validators"]!.AsArray());
        Assert.Equal((100 * StakingParameters.Default.PowerUnit).ToString(CultureInfo.InvariantCulture), genesis["stake"]!.GetValue<string>());
        Assert.Equal(100UL, genesis["power"]!.GetValue<ulong>());
        Assert.True(genesis["active"]!.GetValue<bool>());
        Assert.False(genesis["jailed"]!.GetValue<bool>());
        Assert.Equal(0U, genesis["timesSlashed"]!.GetValue<uint>());
        Assert.Equal(100UL, before["totalPower"]!.GetValue<ulong>());

        // The minimum stake gives power 1 against the genesis validator's 100, so the single node keeps its quorum.
        var staker = node.Home.Funded[0];
        var stake = Transaction.Create(staker, TestHome.ChainId, await node.PendingNonceAsync(staker.Address), 10_000, 2, StakePayload.Gas,
            new StakePayload(StakingParameters.Default.MinSelfStake));
        await node.CallAsync("l1_sendTransaction", Hex.Encode(stake.Encoded));
        var includedAt = (await node.WaitIncludedAsync(stake.Hash.ToString()))["blockHeight"]!.GetValue<ulong>();

        var after = (await node.CallAsync("l1_allValidators", includedAt))!;
        Assert.Equal(2, after["validators"]!.AsArray().Count);
        var added = Entry(after, staker.Address);
        Assert.Equal(StakingParameters.Default.MinSelfStake.ToString(CultureInfo.InvariantCulture), added["stake"]!.GetValue<string>());
        Assert.False(added["jailed"]!.GetValue<bool>());

        // It joins the active set at the next epoch boundary.
        await Wait.UntilAsync(async () => Entry((await node.CallAsync("l1_allValidators"))!, staker.Address),
            e => e["active"]!.GetValue<bool>() && e["power"]!.GetValue<ulong>() == 1, "the new staker to become active with power 1",
            TimeSpan.FromSeconds(30));

        // Before it bonded, it is not listed; above the head is not found.
        Assert.Single((await node.CallAsync("l1_allValidators", includedAt - 1))!["validators"]!.AsArray());
        await node.CallErrorAsync(RpcErrorCodes.NotFound, "l1_allValidators", 1_000_000_000);
    }
}
