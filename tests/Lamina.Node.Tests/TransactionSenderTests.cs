using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>
/// Lamina.Client's transaction sender against a real node: concurrent sends from one key (in one process, and from
/// "two processes" with trackers of their own, as two `lamina da post` runs are) all get distinct nonces and are all
/// accepted; a nonce another sender took between the read and the send is retried with the next one.
/// </summary>
public sealed class TransactionSenderTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static Func<ulong, SignedTransaction> Signer(SigningKey key, Address to, UInt128 amount) => nonce =>
    {
        var tx = TestHome.Transfer(key, nonce, to, amount);
        return new SignedTransaction(tx.Hash, tx.Encoded);
    };

    [Fact]
    public async Task Concurrent_sends_from_one_key_take_distinct_nonces_and_all_land()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var key = node.Home.Funded[8];
        var recipient = TestHome.RandomAddress();
        // Two processes (a tracker each) and, inside the first, two overlapping sends sharing its tracker.
        var first = new TransactionSender(client, new NonceTracker());
        var second = new TransactionSender(client, new NonceTracker());
        var sends = Enumerable.Range(0, 12).Select(i =>
            (i % 3 == 2 ? second : first).SendAsync(key.Address, Signer(key, recipient, (UInt128)(i + 1)))).ToList();
        var sent = await Task.WhenAll(sends);

        Assert.Equal(12, sent.Select(s => s.Nonce).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (ulong)i), sent.Select(s => s.Nonce).Order());
        foreach (var s in sent)
        {
            var final = await client.WaitFinalAsync(s.Hash, TimeSpan.FromSeconds(30));
            Assert.True(final is { IsIncluded: true }, $"nonce {s.Nonce} was not included");
        }
        Assert.Equal((UInt128)(12 * 13 / 2), (await client.GetAccountAsync(recipient)).Balance);
    }

    [Fact]
    public async Task A_nonce_taken_between_read_and_send_is_retried_with_the_next()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var key = node.Home.Funded[9];
        var recipient = TestHome.RandomAddress();
        var other = TestHome.RandomAddress();
        var raced = false;
        var sender = new TransactionSender(client, new NonceTracker());
        var sent = await sender.SendAsync(key.Address, nonce =>
        {
            if (!raced)
            {
                // Another process sends with the same nonce first.
                raced = true;
                client.SendTransactionAsync(TestHome.Transfer(key, nonce, other, 5).Encoded).GetAwaiter().GetResult();
            }
            return Signer(key, recipient, 7)(nonce);
        });
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(1UL, sent.Nonce);
        Assert.True((await client.WaitFinalAsync(sent.Hash, TimeSpan.FromSeconds(30))) is { IsIncluded: true });
        Assert.Equal((UInt128)7, (await client.GetAccountAsync(recipient)).Balance);
        Assert.Equal((UInt128)5, (await client.GetAccountAsync(other)).Balance);
    }

    [Fact]
    public async Task A_gap_left_by_a_dropped_send_is_closed_from_the_nodes_view()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var key = node.Home.Funded[10];
        var tracker = new NonceTracker();
        // This process reserved nonce 0 but the transaction never reached the node.
        Assert.Equal(0UL, tracker.Reserve(key.Address, 0));
        var sent = await new TransactionSender(client, tracker).SendAsync(key.Address, Signer(key, TestHome.RandomAddress(), 1));
        Assert.Equal(0UL, sent.Nonce);
        Assert.Equal(2, sent.Attempts);
    }

    [Fact]
    public async Task A_refusal_that_is_not_about_the_nonce_reaches_the_caller()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var key = node.Home.Unfunded;
        var e = await Assert.ThrowsAsync<RpcException>(() => new TransactionSender(client, new NonceTracker()).SendAsync(key.Address, Signer(key, TestHome.RandomAddress(), 1)));
        Assert.Equal("InsufficientBalance", e.Reason);
    }
}
