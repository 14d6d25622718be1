using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.L2.Zk.Rebuild;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Wallet;
using Xunit.Abstractions;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// The ZK rollup as a newcomer meets it: `lamina devnet` runs zk-operator-0, which registers rollup 2 on L1; a deposit
/// queued on L1 is credited by a proven batch; `lamina zk transfer` and `lamina zk withdraw` go through the operator,
/// and the withdrawal is paid on L1 in the very block that verified its batch's proof; a fresh reader rebuilds the
/// state from L1 records and DA pubdata alone and reaches the root L1 holds. Then the operator dies for good (SIGKILL)
/// while a deposit waits: the rollup freezes exactly N blocks after that deposit was queued, `lamina zk exodus` rebuilds
/// each user's proof from L1 and DA alone and pays the exact proven balance once, and the stranded deposit is refunded
/// once.
/// </summary>
public sealed class ZkDevnetTests(ITestOutputHelper output) : TempHomeTest("zk")
{
    /// <summary>
    /// 25 s of 250 ms blocks: the test waits that long for the freeze, and Alice's deposit batch must land within it
    /// (it took 11 s from queue to verification on the loaded 2-core machine: 1 s batch interval, 9.3 s proof).
    /// </summary>
    private const ulong ExodusDelay = 100;

    [Fact]
    public async Task Devnet_runs_a_zk_operator_pays_a_withdrawal_in_its_batch_block_and_users_exit_from_da_after_the_operator_dies()
    {
        using var devnet = await ZkDevnet.StartAsync(Home, "--zk-exodus-delay", ExodusDelay.ToString());
        var l1 = devnet.L1;
        var op = devnet.Operator;
        Assert.Equal(ExodusDelay, (await l1.GetZkRollupAsync(ZkDevnet.RollupId)).ExodusDelayBlocks);

        // Alice's ZK key from the CLI, Bob's written directly; a deposit queued on L1 (dev key 1 pays) to Alice's slot 3.
        var aliceFile = Path.Combine(Home, "alice.zkkey");
        var keys = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(30), "keys", "new", "--scheme", "zk", "--out", aliceFile, "--json");
        Assert.True(keys.ExitCode == 0, keys.Output);
        var alice = ZkKeyFile.Read(aliceFile);
        var bobFile = Path.Combine(Home, "bob.zkkey");
        var bob = ZkKeyFile.CreateNew(bobFile);
        using var payer = Lamina.Node.Keys.KeyFile.Read(devnet.DevKeyFile(1));
        var chainId = await l1.GetChainIdAsync();
        await l1.SendTransactionAsync((await devnet.BuilderAsync(payer)).Deposit(ZkDevnet.RollupId, 3, alice.PublicKey, 100_000).Encoded);
        await devnet.WaitForOperatorBalanceAsync(3, 100_000, "the operator to take the deposit from L1's queue");

        var transfer = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(180), devnet.ZkCommand(aliceFile, 3, "zk", "transfer", "--to", "9", "--to-key", bob.PublicKey.ToString(), "--amount", "1500"));
        Assert.True(transfer.ExitCode == 0, transfer.Output);
        var recipient = Address.Parse("0x" + new string('7', 40));
        var withdraw = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(180), devnet.ZkCommand(aliceFile, 3, "zk", "withdraw", "--to", recipient.ToString(), "--amount", "2000"));
        Assert.True(withdraw.ExitCode == 0, withdraw.Output);
        var result = LastJson(withdraw.Output);
        var height = result["l1Height"]!.GetValue<ulong>();
        var batch = result["batch"]!.GetValue<ulong>();

        // Paid in the block that verified the batch, not one block later: no window.
        Assert.Equal(height, (await l1.GetZkBatchAsync(ZkDevnet.RollupId, batch)).L1Height);
        Assert.Equal((UInt128)2_000, (await l1.GetAccountAsync(recipient, height)).Balance);
        Assert.Equal(UInt128.Zero, (await l1.GetAccountAsync(recipient, height - 1)).Balance);
        var status = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(30), "zk", "status", "--zk-rpc", devnet.OperatorUrl, "--account", "3");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("verified", status.Output);
        output.WriteLine(status.Output); // batch sizes, prove times and L1 heights, for the record

        // A fresh reader rebuilds the state from L1 and DA alone: the operator's proven root, Alice's balance and nonce.
        var reader = new ClientZkSettlement(l1, l1, ZkDevnet.RollupId, chainId);
        var rebuilt = await ZkStateRebuilder.RebuildAsync(reader);
        var head = await op.GetZkOperatorHeadAsync();
        Assert.Equal(head.Proven!.StateRoot, Hex.Encode(rebuilt.State.Root.ToBytes()));
        var aliceLeaf = rebuilt.State.Accounts.Get(3);
        Assert.Equal((96_500UL, 2U), (aliceLeaf.Balance, aliceLeaf.Nonce));
        Assert.Equal(1_500UL, rebuilt.State.Accounts.Get(9).Balance);

        await OperatorDiesAndUsersExitAsync(devnet, aliceFile, bobFile);
    }

    /// <summary>
    /// SIGKILL to the operator, never restarted; Carol's deposit (dev key 2) then waits on L1 until the rollup freezes.
    /// Everything after uses L1 and the DA node alone.
    /// </summary>
    private async Task OperatorDiesAndUsersExitAsync(ZkDevnet devnet, string aliceFile, string bobFile)
    {
        var l1 = devnet.L1;
        var before = await l1.GetZkRollupAsync(ZkDevnet.RollupId);
        Assert.Equal((0UL, (ulong?)null), (before.PriorityQueueLength, before.ExodusDeadline));
        devnet.KillOperator();

        using var carol = Lamina.Node.Keys.KeyFile.Read(devnet.DevKeyFile(2));
        var deposit = (await devnet.BuilderAsync(carol)).Deposit(ZkDevnet.RollupId, 5, ZkKeyFile.CreateNew(Path.Combine(Home, "carol.zkkey")).PublicKey, 5_000);
        await l1.SendTransactionAsync(deposit.Encoded);
        var waiting = await l1.WaitFinalAsync(deposit.Hash, TimeSpan.FromSeconds(30));
        Assert.True(waiting is { IsIncluded: true }, "Carol's deposit was not included");
        var queued = (await l1.GetZkPriorityQueueAsync(ZkDevnet.RollupId)).Items.Single();
        Assert.Equal(("deposit", "pending", waiting!.BlockHeight!.Value), (queued.Kind, queued.Status, queued.QueuedAtHeight));

        await Wait.Until(async () => (await l1.GetZkRollupAsync(ZkDevnet.RollupId)).Frozen, TimeSpan.FromSeconds(90), "the rollup to freeze with a deposit waiting and no operator");
        var frozen = await l1.GetZkRollupAsync(ZkDevnet.RollupId);
        Assert.Equal((ulong?)(queued.QueuedAtHeight + ExodusDelay), frozen.FrozenAtHeight);
        Assert.Equal(before.AccountRoot, frozen.AccountRoot); // nothing moved it since the operator died
        output.WriteLine($"froze at L1 height {frozen.FrozenAtHeight}, {ExodusDelay} blocks after Carol's deposit (height {queued.QueuedAtHeight})");

        // Each user claims the exact balance of the last proven root, rebuilt by the CLI from DA pubdata alone.
        var aliceL1 = Address.Parse("0x" + new string('a', 39) + "1");
        var bobL1 = Address.Parse("0x" + new string('b', 39) + "2");
        foreach (var (file, account, to, balance) in new[] { (aliceFile, 3u, aliceL1, 96_500UL), (bobFile, 9u, bobL1, 1_500UL) })
        {
            var exodus = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), Exodus(devnet, "--account", account.ToString(), "--zk-key", file, "--to", to.ToString()));
            Assert.True(exodus.ExitCode == 0, exodus.Output);
            Assert.Contains($"from the pubdata of {frozen.Batches} batches on DA", exodus.Output);
            Assert.Equal((UInt128)balance, (await l1.GetAccountAsync(to)).Balance);
            var exit = await l1.GetZkExitAsync(ZkDevnet.RollupId, account);
            Assert.Equal((true, (UInt128?)balance, (Address?)to), (exit.Exited, exit.Amount, exit.Recipient));
        }
        var again = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), Exodus(devnet, "--account", "3", "--zk-key", aliceFile, "--to", bobL1.ToString()));
        Assert.True(again.ExitCode != 0, again.Output);
        Assert.Contains("rejected (RollupRejected: AlreadyExited)", again.Output);
        Assert.Equal((UInt128)1_500, (await l1.GetAccountAsync(bobL1)).Balance);

        // Carol's deposit never made it into a batch: it goes back to her, once (dev key 1 sends the refund).
        var refund = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), Exodus(devnet, "--refund", queued.Serial.ToString()));
        Assert.True(refund.ExitCode == 0, refund.Output);
        var refundHeight = LastJson(refund.Output)["blockHeight"]!.GetValue<ulong>();
        Assert.Equal((UInt128)5_000, (await l1.GetAccountAsync(carol.Address, refundHeight)).Balance - (await l1.GetAccountAsync(carol.Address, refundHeight - 1)).Balance);
        var refundAgain = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), Exodus(devnet, "--refund", queued.Serial.ToString()));
        Assert.True(refundAgain.ExitCode != 0, refundAgain.Output);
        Assert.Contains("rejected (RollupRejected: DepositNotRefundable)", refundAgain.Output);

        // Deposits 105,000 = withdrawal 2,000 + exits 96,500 and 1,500 + refund 5,000: the escrow is empty.
        var end = await l1.GetZkRollupAsync(ZkDevnet.RollupId);
        Assert.Equal((UInt128.Zero, (UInt128)105_000, 2UL), (end.Escrowed, end.TotalPaidOut, end.Exits));
    }

    private static string[] Exodus(ZkDevnet devnet, params string[] args)
        => ["zk", "exodus", "--rollup-id", ZkDevnet.RollupId.ToString(), .. args, "--rpc", devnet.L1Url, "--da-rpc", devnet.L1Url, "--key", devnet.DevKeyFile(1), "--json"];

    /// <summary>The JSON document a `--json` command printed (progress lines go to stderr, which the output interleaves).</summary>
    internal static JsonNode LastJson(string output) => JsonNode.Parse(output.Split('\n').Last(l => l.TrimStart().StartsWith('{')))!;
}
