using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Rebuild;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Wallet;
using Xunit.Abstractions;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// The ZK rollup as a newcomer meets it: `lamina devnet` runs zk-operator-0, which registers rollup 2 on L1; a deposit
/// queued on L1 is credited by a proven batch; `lamina zk transfer` and `lamina zk withdraw` go through the operator,
/// and the withdrawal is paid on L1 in the very block that verified its batch's proof; a fresh reader rebuilds the
/// state from L1 records and DA pubdata alone and reaches the root L1 holds.
/// </summary>
public sealed class ZkDevnetTests(ITestOutputHelper output) : TempHomeTest("zk")
{
    [Fact]
    public async Task Devnet_runs_a_zk_operator_and_a_withdrawal_is_paid_in_the_block_that_verifies_its_batch()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.Start("devnet", "--home", Home, "--base-port", port.ToString(), "--validators", "1");
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && devnet.Output.Contains("Press Ctrl-C")), TimeSpan.FromSeconds(120), () => $"devnet to start; output:\n{devnet.Output}");
        var nodes = JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray();
        string RpcOf(string role) => nodes.Single(n => n!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!["rpc"]!.GetValue<string>();
        var l1Url = RpcOf("validator");
        var opUrl = RpcOf("zk-operator");
        using var l1 = new LaminaRpcClient(new Uri(l1Url));
        using var op = new LaminaRpcClient(new Uri(opUrl));
        await Wait.Until(async () =>
        {
            try
            {
                return (await op.GetZkOperatorHeadAsync()).Proven is not null;
            }
            catch (RpcException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "the operator to register rollup 2 and read L1");

        // Alice's ZK key from the CLI; a deposit queued on L1 (dev key 1 pays) to her account slot 3.
        var aliceFile = Path.Combine(Home, "alice.zkkey");
        var keys = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(30), "keys", "new", "--scheme", "zk", "--out", aliceFile, "--json");
        Assert.True(keys.ExitCode == 0, keys.Output);
        var alice = ZkKeyFile.Read(aliceFile);
        using var payer = Lamina.Node.Keys.KeyFile.Read(Path.Combine(Home, "dev-keys", "dev-1.key"));
        var chainId = await l1.GetChainIdAsync();
        var builder = new ZkRollupTxBuilder(payer, chainId, (await l1.GetAccountAsync(payer.Address)).PendingNonce, 1_000_000_000, 2);
        var deposit = builder.Deposit(2, 3, alice.PublicKey, 100_000);
        await l1.SendTransactionAsync(deposit.Encoded);
        await Wait.Until(async () => (await op.GetZkAccountAsync(3)).Balance == 100_000, TimeSpan.FromSeconds(60), "the operator to take the deposit from L1's queue");

        string[] Common(params string[] args) => [.. args, "--key", aliceFile, "--from", "3", "--rpc", l1Url, "--zk-rpc", opUrl, "--json"];
        var transfer = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(180), Common("zk", "transfer", "--to", "9", "--to-key", ZkKeyFile.DevKey(1).PublicKey.ToString(), "--amount", "1500"));
        Assert.True(transfer.ExitCode == 0, transfer.Output);
        var recipient = Address.Parse("0x" + new string('7', 40));
        var withdraw = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(180), Common("zk", "withdraw", "--to", recipient.ToString(), "--amount", "2000"));
        Assert.True(withdraw.ExitCode == 0, withdraw.Output);
        var result = JsonNode.Parse(withdraw.Output[withdraw.Output.IndexOf('{')..])!;
        var height = result["l1Height"]!.GetValue<ulong>();
        var batch = result["batch"]!.GetValue<ulong>();

        // Paid in the block that verified the batch, not one block later: no window.
        Assert.Equal(height, (await l1.GetZkBatchAsync(2, batch)).L1Height);
        Assert.Equal((UInt128)2_000, (await l1.GetAccountAsync(recipient, height)).Balance);
        Assert.Equal(UInt128.Zero, (await l1.GetAccountAsync(recipient, height - 1)).Balance);
        var status = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(30), "zk", "status", "--zk-rpc", opUrl, "--account", "3");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("verified", status.Output);
        output.WriteLine(status.Output); // batch sizes, prove times and L1 heights, for the record

        // A fresh reader rebuilds the state from L1 and DA alone: the operator's proven root, Alice's balance and nonce.
        var reader = new ClientZkSettlement(l1, l1, 2, chainId);
        var rebuilt = await ZkStateRebuilder.RebuildAsync(reader);
        var head = await op.GetZkOperatorHeadAsync();
        Assert.Equal(head.Proven!.StateRoot, Hex.Encode(rebuilt.State.Root.ToBytes()));
        var aliceLeaf = rebuilt.State.Accounts.Get(3);
        Assert.Equal((96_500UL, 2U), (aliceLeaf.Balance, aliceLeaf.Nonce));
        Assert.Equal(1_500UL, rebuilt.State.Accounts.Get(9).Balance);
    }
}
