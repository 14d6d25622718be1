using System.Diagnostics;
using System.Net.WebSockets;
using Lamina.Core;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>A node stopped and built again on the same home resumes the same chain.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly NodeFixture _node = new();

    public Task InitializeAsync() => _node.StartAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task Restart_on_the_same_home_keeps_the_chain_and_continues_it()
    {
        var sender = _node.Home.Funded[0];
        var recipient = TestHome.RandomAddress();
        var tx = TestHome.Transfer(sender, 0, recipient, 4_242);
        await _node.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded));
        await _node.WaitIncludedAsync(tx.Hash.ToString());
        await _node.WaitForHeightAsync(5);
        var head = (await _node.CallAsync("l1_head"))!;
        var height = head["height"]!.GetValue<ulong>();
        var hash = head["hash"]!.GetValue<string>();
        var genesisHash = (await _node.CallAsync("l1_getBlock", 0))!["hash"]!.GetValue<string>();

        // A WebSocket subscriber still connected must not hold the shutdown up.
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_node.Home.Port}/ws"), CancellationToken.None);
        var stopping = Stopwatch.StartNew();
        await _node.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping the node took {stopping.Elapsed.TotalSeconds:0.0} s with a WebSocket client connected");

        await _node.StartAsync();
        var resumed = (await _node.CallAsync("l1_head"))!;
        Assert.True(resumed["height"]!.GetValue<ulong>() >= height, $"head went back from {height} to {resumed["height"]}");
        Assert.Equal(hash, (await _node.CallAsync("l1_getBlock", height))!["hash"]!.GetValue<string>());
        Assert.Equal(genesisHash, (await _node.CallAsync("l1_getBlock", 0))!["hash"]!.GetValue<string>());

        // What was committed is still there: the transaction, its receipt, the balances.
        var included = (await _node.CallAsync("l1_getTransaction", tx.Hash.ToString()))!;
        Assert.Equal("included", included["status"]!.GetValue<string>());
        Assert.NotNull(included["receipt"]);
        Assert.Equal((UInt128)4_242, await _node.BalanceAsync(recipient));
        Assert.Equal(1UL, (await _node.CallAsync("l1_getAccount", sender.Address.ToString()))!["nonce"]!.GetValue<ulong>());

        // And it keeps going from there, on top of the old head.
        var after = resumed["height"]!.GetValue<ulong>();
        await _node.WaitForHeightAsync(after + 2);
        var child = (await _node.CallAsync("l1_getBlock", after + 1))!;
        Assert.Equal(resumed["hash"]!.GetValue<string>(), child["previousHash"]!.GetValue<string>());
        Assert.NotNull(child["lastCommit"]);

        // The sender's next nonce works after the restart.
        var second = TestHome.Transfer(sender, 1, recipient, 1);
        await _node.CallAsync("l1_sendTransaction", Hex.Encode(second.Encoded));
        await _node.WaitIncludedAsync(second.Hash.ToString());
        _node.AssertNoErrorsLogged();
    }
}
