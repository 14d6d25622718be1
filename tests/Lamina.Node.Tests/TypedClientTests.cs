using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>Lamina.Client's typed views read what a real node answers: every l1_ view, a transfer's life, and a batch.</summary>
public sealed class TypedClientTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Every_view_reads_a_real_nodes_answers()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        await node.WaitForHeightAsync(2);
        Assert.Equal(TestHome.ChainId, await client.GetChainIdAsync());
        var head = await client.GetHeadAsync();
        Assert.True(head.Height >= 2);
        var block = await client.GetBlockAsync(head.Height);
        Assert.Equal(head.Hash, block.Hash);
        Assert.Equal(block.Hash, (await client.GetBlockAsync(block.Hash)).Hash);
        Assert.Equal(node.Home.Validator.Address, block.Proposer);
        var set = await client.GetValidatorsAsync();
        Assert.Equal(node.Home.Validator.PublicKey, Assert.Single(set.Validators).PublicKey);
        var validator = await client.GetValidatorAsync(node.Home.Validator.Address);
        Assert.NotNull(validator);
        Assert.True(validator.Active);
        Assert.Null(await client.GetValidatorAsync(node.Home.Unfunded.Address));
        var light = await client.GetLightBlockAsync(head.Height);
        Assert.Equal(head.Hash, light.Hash);
        Assert.NotEmpty(light.Encoded);
        Assert.True((await client.GetFeeInfoAsync()).TransferGas > 0);
        _ = await client.GetMempoolAsync();
        Assert.Null(await client.GetTransactionAsync(Hash256.Zero));
    }

    [Fact]
    public async Task A_transfer_is_sent_and_followed_to_a_final_block()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var sender = node.Home.Funded[5];
        var recipient = TestHome.RandomAddress();
        var account = await client.GetAccountAsync(sender.Address);
        Assert.Equal(TestHome.FundedBalance, account.Balance);
        var tx = TestHome.Transfer(sender, account.PendingNonce, recipient, 777);
        var hash = await client.SendTransactionAsync(tx.Encoded);
        Assert.Equal(tx.Hash, hash);
        var final = await client.WaitFinalAsync(hash, TimeSpan.FromSeconds(30));
        Assert.NotNull(final);
        Assert.True(final.IsIncluded && final.Finalized);
        Assert.Equal(recipient, final.To);
        Assert.Equal((UInt128)777, final.Amount);
        Assert.Equal("success", final.Receipt!.Status);
        var block = await client.GetBlockAsync(final.BlockHeight!.Value, full: true);
        Assert.Contains(block.Transactions, t => t.Hash == hash && t.From == sender.Address);
        Assert.Equal((UInt128)777, (await client.GetAccountAsync(recipient)).Balance);

        var again = await Assert.ThrowsAsync<RpcException>(() => client.SendTransactionAsync(tx.Encoded));
        Assert.Equal(RpcErrorCodes.TransactionRejected, again.Code);
        Assert.NotNull(again.Reason);
    }

    [Fact]
    public async Task A_batch_returns_each_calls_result_or_error_in_order()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var outcomes = await client.BatchAsync([("l1_chainId", null), ("l1_getBlock", new System.Text.Json.Nodes.JsonArray(1_000_000_000)), ("l1_head", null)]);
        Assert.Equal(TestHome.ChainId, outcomes[0].Result!.GetValue<string>());
        Assert.Equal(RpcErrorCodes.NotFound, outcomes[1].Error!.Code);
        Assert.True(outcomes[2].IsSuccess);
        Assert.NotNull(HeadView.Read(ViewReader.Of(outcomes[2].Result, "l1_head", client.Endpoint)));
    }
}
