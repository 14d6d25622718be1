using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// The optimistic rollup as a newcomer meets it: `lamina devnet` runs a sequencer and a verifier as processes of their
/// own beside the validators, and `lamina l2 deposit`, `transfer`, `withdraw` and `status` work end to end against it:
/// the withdrawal waits for an output root to finalize and is paid on L1; the verifier, which talks only to L1 and DA,
/// agrees with the sequencer; and the sequencer, killed with SIGKILL while four senders keep it busy and restarted, loses
/// no soft-confirmed transaction and never shows two different blocks with one number.
/// </summary>
public sealed class L2DevnetTests() : TempHomeTest("l2")
{
    [Fact]
    public async Task Devnet_runs_a_sequencer_and_verifier_and_the_l2_commands_work_end_to_end()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.Start("devnet", "--home", Home, "--base-port", port.ToString(), "--validators", "1");
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && devnet.Output.Contains("Press Ctrl-C")), TimeSpan.FromSeconds(120), () => $"devnet to start; output:\n{devnet.Output}");
        var nodes = JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray();
        string RpcOf(string role) => nodes.Single(n => n!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!["rpc"]!.GetValue<string>();
        var l1 = RpcOf("validator");
        var sequencer = RpcOf("sequencer");
        var verifier = RpcOf("verifier");
        var key = Path.Combine(Home, "dev-keys", "dev-1.key");
        var bob = "0x" + new string('b', 40);
        string[] Common(params string[] args) => [.. args, "--rpc", l1, "--l2-rpc", sequencer, "--key", key, "--json"];

        var deposit = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(120), Common("l2", "deposit", "--amount", "500000"));
        Assert.True(deposit.ExitCode == 0, deposit.Output);
        var transfer = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(120), Common("l2", "transfer", "--to", bob, "--amount", "1500"));
        Assert.True(transfer.ExitCode == 0, transfer.Output);
        var withdraw = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(180), Common("l2", "withdraw", "--amount", "20000"));
        Assert.True(withdraw.ExitCode == 0, withdraw.Output);
        Assert.Contains("finalizes in", withdraw.Output);
        var status = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "l2", "status", "--rpc", l1, "--l2-rpc", sequencer);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("finalized", status.Output);

        using var seq = new LaminaRpcClient(new Uri(sequencer));
        using var ver = new LaminaRpcClient(new Uri(verifier));
        var bobAddress = Address.Parse(bob);
        await Wait.Until(async () => (await ver.GetL2AccountAsync(bobAddress)).Balance == 1500, TimeSpan.FromSeconds(60), "the verifier to derive the transfer");
        var heads = await ver.GetL2HeadAsync();
        Assert.Empty(heads.Mismatches);
        Assert.True(heads.Finalized.Number > 0);
        var atSequencer = await seq.CallAsync("l2_getBlock", heads.Safe.Number);
        Assert.Equal(heads.Safe.Hash.ToString(), atSequencer!["hash"]!.GetValue<string>());

        // SIGKILL the sequencer under sustained load: four senders keep sending while it dies and after it is back.
        // Every transaction it soft-confirmed must end up in the chain the verifier derives, and every L2 block it
        // showed (number and hash, sampled from l2_head throughout) must be that chain's block with that number.
        using var devKey = Lamina.Node.Keys.KeyFile.Read(key);
        using var l1Client = new LaminaRpcClient(new Uri(l1));
        var rollup = await l1Client.GetRollupAsync(1);
        var chainId = rollup.L2ChainId;
        // The devnet registers real L2 fees (10 + the origin's blob base fee × 100 bytes): pay them with room for the blob price to rise.
        Assert.Equal(110UL, rollup.L2Fees.RequiredFee(1));
        const ulong Fee = 300;
        var senders = Enumerable.Range(0, 4).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(0x51 + i), 32)])).ToArray();
        var fundNonce = (await seq.GetL2AccountAsync(devKey.Address)).Nonce;
        for (var i = 0; i < senders.Length; i++)
            await seq.SendL2TransactionAsync(Encode(Lamina.L2.Optimistic.OptimisticTransfer.Create(devKey, chainId, 1, senders[i].Address, 50_000, Fee, fundNonce + (ulong)i)));

        var confirmed = new System.Collections.Concurrent.ConcurrentBag<Hash256>();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<ulong, Hash256>();
        var equivocations = new System.Collections.Concurrent.ConcurrentBag<string>();
        string? lastSendError = null;
        using var stop = new CancellationTokenSource();
        var load = senders.Select(sender => Task.Run(async () =>
        {
            using var client = new LaminaRpcClient(new Uri(sequencer));
            ulong? nonce = null;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    nonce ??= (await client.GetL2AccountAsync(sender.Address)).Nonce;
                    var sent = await client.SendL2TransactionAsync(Encode(Lamina.L2.Optimistic.OptimisticTransfer.Create(sender, chainId, 1, bobAddress, 1, Fee, nonce.Value)));
                    confirmed.Add(sent.Hash);
                    nonce++;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // The sequencer is down, starting, or the answer was lost with it: ask for the nonce again once it is back.
                    lastSendError = $"{e.GetType().Name}: {e.Message}";
                    nonce = null;
                    await Task.Delay(100);
                }
            }
        })).ToList();
        var watch = Task.Run(async () =>
        {
            using var client = new LaminaRpcClient(new Uri(sequencer));
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var head = (await client.GetL2HeadAsync()).Unsafe;
                    var first = seen.GetOrAdd(head.Number, head.Hash);
                    if (first != head.Hash) equivocations.Add($"block {head.Number}: {first} then {head.Hash}");
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                }
                await Task.Delay(50);
            }
        });

        await Wait.Until(() => Task.FromResult(confirmed.Count >= 200), TimeSpan.FromSeconds(60), "200 soft confirmations under load before the kill");
        var sequencerPid = nodes.Single(n => n!["name"]!.GetValue<string>() == "sequencer-0")!["pid"]!.GetValue<int>();
        System.Diagnostics.Process.GetProcessById(sequencerPid).Kill(); // SIGKILL
        var beforeRestart = confirmed.Count;
        var restart = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "devnet", "restart", "sequencer-0", "--home", Home);
        Assert.True(restart.ExitCode == 0, restart.Output);
        string SequencerLog() => Directory.GetFiles(Home, "node.log", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("sequencer-0")) is { } log
            ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no sequencer log)";
        await Wait.Until(() => Task.FromResult(confirmed.Count >= beforeRestart + 100), TimeSpan.FromSeconds(180),
            () => $"100 more soft confirmations after the restart ({confirmed.Count - beforeRestart} so far; last send error: {lastSendError}); sequencer log:\n{SequencerLog()}");
        await stop.CancelAsync();
        await Task.WhenAll([.. load, watch]);

        Assert.Empty(equivocations);
        var highest = seen.Keys.Max();
        await Wait.Until(async () => (await ver.GetL2HeadAsync()).Safe.Number >= highest, TimeSpan.FromSeconds(120), $"the verifier to derive up to block {highest}");
        Assert.Empty((await ver.GetL2HeadAsync()).Mismatches);
        foreach (var (number, hash) in seen)
        {
            var derived = await ver.CallAsync("l2_getBlock", number);
            Assert.True(hash.ToString() == derived!["hash"]!.GetValue<string>(), $"the sequencer showed block {number} as {hash}, the verifier derived {derived["hash"]}");
        }
        // Transactions confirmed last may still be pending or in blocks not yet posted: wait until each is safe at the verifier.
        var underway = confirmed.ToHashSet();
        async Task<string> SequencerSays(Hash256 hash)
        {
            try
            {
                return (await seq.GetL2TransactionAsync(hash)).Status;
            }
            catch (RpcException e)
            {
                return e.Message;
            }
        }
        await Wait.Until(async () =>
        {
            foreach (var hash in underway.ToList())
            {
                try
                {
                    if ((await ver.GetL2TransactionAsync(hash)).Status == "safe") underway.Remove(hash);
                }
                catch (RpcException)
                {
                    return false; // not derived yet
                }
            }
            return underway.Count == 0;
        }, TimeSpan.FromSeconds(120), () => $"{underway.Count} of {confirmed.Count} soft-confirmed transactions to be safe at the verifier; the sequencer says of {underway.First()}: " +
            SequencerSays(underway.First()).GetAwaiter().GetResult());
    }

    private static byte[] Encode(Lamina.L2.Optimistic.OptimisticTransfer transfer) =>
        Lamina.L2.Optimistic.Chain.L2Transaction.FromSequenced(Lamina.L2.Optimistic.OptimisticBatchItem.From(transfer)).Encode();
}
