using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// The optimistic rollup as a newcomer meets it: `lamina devnet` runs a sequencer and a verifier as processes of their
/// own beside the validators, and `lamina l2 deposit`, `transfer`, `withdraw` and `status` work end to end against it:
/// the withdrawal waits for an output root to finalize and is paid on L1; the verifier, which talks only to L1 and DA,
/// agrees with the sequencer; and the sequencer, killed with SIGKILL right after soft-confirming transfers and restarted,
/// loses none of them.
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

        var deposit = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(120), Common("l2", "deposit", "--amount", "50000"));
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

        // SIGKILL the sequencer right after it soft-confirms five transfers; restarted, it loses none of them.
        using var devKey = Lamina.Node.Keys.KeyFile.Read(key);
        using var l1Client = new LaminaRpcClient(new Uri(l1));
        var rollup = await l1Client.GetRollupAsync(1);
        var nonce = (await seq.GetL2AccountAsync(devKey.Address)).Nonce;
        for (ulong i = 0; i < 5; i++)
        {
            var item = Lamina.L2.Optimistic.OptimisticBatchItem.From(Lamina.L2.Optimistic.OptimisticTransfer.Create(devKey, rollup.L2ChainId, 1, bobAddress, 10, 0, nonce + i));
            await seq.SendL2TransactionAsync(Lamina.L2.Optimistic.Chain.L2Transaction.FromSequenced(item).Encode());
        }
        var sequencerPid = nodes.Single(n => n!["name"]!.GetValue<string>() == "sequencer-0")!["pid"]!.GetValue<int>();
        System.Diagnostics.Process.GetProcessById(sequencerPid).Kill();
        var restart = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "devnet", "restart", "sequencer-0", "--home", Home);
        Assert.True(restart.ExitCode == 0, restart.Output);
        await Wait.Until(async () => (await ver.GetL2AccountAsync(bobAddress)).Balance == 1550, TimeSpan.FromSeconds(90), "the verifier to derive the five transfers after the restart");
        Assert.Empty((await ver.GetL2HeadAsync()).Mismatches);
    }
}
