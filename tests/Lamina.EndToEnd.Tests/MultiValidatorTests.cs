using System.Diagnostics;
using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.Node.Keys;
using Lamina.Client;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// Four validator processes on loopback reach BFT consensus over real sockets. Validators are SIGKILLed and restarted
/// under a stream of transfers, one is kept down long enough that it must block-sync, two down halts finality safely.
/// </summary>
public sealed class MultiValidatorTests() : TempHomeTest("bft")
{
    /// <summary>The longest the chain may go without a new final block while at most one validator is down.</summary>
    private static readonly TimeSpan StallBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Four_validators_survive_repeated_sigkills_and_a_block_sync_with_one_chain_and_no_lost_transaction()
    {
        using var net = await ValidatorNetwork.InitAsync(Home, 4);
        for (var i = 0; i < 4; i++) net.Start(i);
        await net.WaitAllAtLeastAsync(3, TimeSpan.FromSeconds(90));

        using var sender = KeyFile.Read(Path.Combine(Home, "dev-keys", "dev-2.key"));
        var recipient = Address.Parse("0x0000000000000000000000000000000000b1a5ed");
        var chainId = (await net.Clients[0].CallAsync("l1_chainId"))!.GetValue<string>();
        var acknowledged = new Dictionary<string, UInt128>();
        var pending = new List<(string Hash, UInt128 Amount)>();
        ulong nonce = 0;

        var stall = TimeSpan.Zero;
        ulong lastHeight = 0;
        var lastProgress = Stopwatch.StartNew();
        var rng = new Random(12345); // the test's own schedule, not consensus code
        var phase = Stopwatch.StartNew();
        var down = -1;
        var nextEvent = TimeSpan.FromSeconds(5);
        var killRounds = 0;
        var synced = false;
        var restarted = -1;
        var events = new List<string>();

        while (phase.Elapsed < TimeSpan.FromSeconds(150))
        {
            // Pick a live node for RPC.
            var live = Enumerable.Range(0, 4).First(i => i != down && i != restarted);
            var rpc = net.Clients[live];
            try
            {
                var fees = await rpc.CallAsync("l1_feeInfo");
                var baseFee = fees!["baseFeePerGas"]!.GetValue<ulong>();
                var amount = (UInt128)(nonce + 1);
                var tx = Transaction.Create(sender, chainId, nonce, baseFee * 4 + 10, 2, TransferPayload.Gas, new TransferPayload(recipient, amount));
                var hash = (await rpc.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded)))!.GetValue<string>();
                pending.Add((hash, amount));
                nonce++;
                foreach (var p in pending.ToArray())
                {
                    var status = await rpc.CallAsync("l1_getTransaction", p.Hash);
                    if (status?["status"]?.GetValue<string>() == "included")
                    {
                        acknowledged[p.Hash] = p.Amount;
                        pending.Remove(p);
                    }
                }
                var height = (await rpc.CallAsync("l1_head"))!["height"]!.GetValue<ulong>();
                if (height > lastHeight)
                {
                    lastHeight = height;
                    lastProgress.Restart();
                }
                if (lastProgress.Elapsed > stall) stall = lastProgress.Elapsed;
            }
            catch (RpcClientException e)
            {
                // That node is still starting after a restart, or went down under the call: the next iteration asks
                // again. Recorded, so a failure below shows what the clients saw.
                Note(events, phase, $"node {live}: {e.Error}: {e.Message}");
            }
            catch (RpcException e)
            {
                // A pending transfer went to a node that was then killed (NonceTooLow, NonceGap, AlreadyKnown,
                // ReplacementUnderpriced for a re-sent nonce): resync the nonce from the chain. Recorded as well.
                Note(events, phase, $"node {live}: rejected ({e.ErrorData?["reason"]}): {e.Message}");
                if (await PendingNonceAsync(rpc, sender.Address) is { } fresh) nonce = fresh;
                pending.Clear();
            }

            if (phase.Elapsed >= nextEvent)
            {
                if (down >= 0)
                {
                    net.Start(down);
                    Note(events, phase, $"node {down} restarted");
                    restarted = down;
                    down = -1;
                    nextEvent = phase.Elapsed + TimeSpan.FromSeconds(4);
                }
                else
                {
                    restarted = -1;
                    down = rng.Next(4);
                    net.Kill(down);
                    Note(events, phase, $"node {down} killed");
                    killRounds++;
                    // Every third outage is long, so the node must catch up by block sync rather than consensus.
                    var longOutage = killRounds % 3 == 0;
                    synced |= longOutage;
                    nextEvent = phase.Elapsed + TimeSpan.FromSeconds(longOutage ? 12 : 2 + rng.Next(3));
                }
            }
            await Task.Delay(50);
        }
        if (down >= 0) net.Start(down);

        var log = string.Join("\n", events);
        Assert.True(killRounds >= 4, $"only {killRounds} kills happened; events:\n{log}");
        Assert.True(synced, "no outage was long enough to need block sync");
        Assert.True(stall < StallBound, $"the chain stalled for {stall.TotalSeconds:F1} s with at most one validator down (bound {StallBound.TotalSeconds} s); events:\n{log}");
        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} transfers were included; events:\n{log}");

        // Everyone catches up, and every node holds the same chain.
        var target = lastHeight;
        await net.WaitAllAtLeastAsync(target, TimeSpan.FromSeconds(60));
        for (ulong h = 1; h <= target; h++)
        {
            var reference = (await net.Clients[0].CallAsync("l1_getBlock", h))!["hash"]!.GetValue<string>();
            for (var i = 1; i < 4; i++)
            {
                Assert.Equal(reference, (await net.Clients[i].CallAsync("l1_getBlock", h))!["hash"]!.GetValue<string>());
            }
        }
        // SIGKILL at any instant must never make a validator equivocate: nobody may have been slashed.
        var validators = await net.Clients[0].CallAsync("l1_validators");
        Assert.Equal(4, validators!["validators"]!.AsArray().Count);
        foreach (var v in validators["validators"]!.AsArray())
        {
            var record = await net.Clients[0].CallAsync("l1_getValidator", v!["address"]!.GetValue<string>());
            Assert.Equal(0u, record!["timesSlashed"]!.GetValue<uint>());
            Assert.False(record["jailed"]!.GetValue<bool>());
        }
        foreach (var (hash, _) in acknowledged)
        {
            for (var i = 0; i < 4; i++)
            {
                var tx = await net.Clients[i].CallAsync("l1_getTransaction", hash);
                Assert.Equal("included", tx!["status"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Two_of_four_down_halts_finality_safely_and_one_returning_resumes_it()
    {
        using var net = await ValidatorNetwork.InitAsync(Home, 4);
        for (var i = 0; i < 4; i++) net.Start(i);
        await net.WaitAllAtLeastAsync(3, TimeSpan.FromSeconds(90));

        net.Kill(2);
        net.Kill(3);
        await Task.Delay(3000); // let in-flight heights finish
        var stuck = (await net.HeightAsync(0))!.Value;
        await Task.Delay(5000);
        Assert.Equal(stuck, (await net.HeightAsync(0))!.Value);
        Assert.Equal(stuck, (await net.HeightAsync(1))!.Value);

        net.Start(2);
        await net.WaitAllAtLeastAsync(stuck + 3, TimeSpan.FromSeconds(90), [0, 1, 2]);
        var h0 = (await net.Clients[0].CallAsync("l1_getBlock", stuck + 2))!["hash"]!.GetValue<string>();
        var h2 = (await net.Clients[2].CallAsync("l1_getBlock", stuck + 2))!["hash"]!.GetValue<string>();
        Assert.Equal(h0, h2);
    }

    private static void Note(List<string> events, Stopwatch phase, string what)
    {
        if (events.Count < 200) events.Add($"{phase.Elapsed.TotalSeconds,6:F1} s {what}");
    }

    /// <summary>The sender's next nonce as <paramref name="rpc"/> sees it, or null when that node cannot answer now.</summary>
    private static async Task<ulong?> PendingNonceAsync(LaminaRpcClient rpc, Address sender)
    {
        try
        {
            return (await rpc.CallAsync("l1_getAccount", sender.ToString()))!["pendingNonce"]!.GetValue<ulong>();
        }
        catch (RpcClientException)
        {
            return null;
        }
    }
}
