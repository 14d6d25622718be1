using Lamina.Core;
using Lamina.L2.Zk.Rebuild;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Wallet;
using Xunit.Abstractions;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// A dishonest operator against the real L1 module, end to end, once per fault of `lamina devnet --zk-fault`: a
/// zk-operator-0 that sends batches of deposits honestly but alters every batch holding a user transaction. Here the
/// user transaction is Alice's 2,000 withdrawal, which the operator sends as 102,001 (overdraft: the rest taken from
/// Bob's deposit in the escrow, with pubdata, commitment and declared effects that agree with each other), with a
/// signature by another key (forged-signature), with a new root the proof does not reach (wrong-root), or with a
/// blob that differs from the proven pubdata (pubdata-mismatch). Each time L1 includes the batch as failed and charges
/// its fee, the rollup root and the escrow do not move, zkl1_getRejections gives the typed reason, the operator halts
/// and says why in zk_head (and `lamina zk withdraw` stops waiting and says so), and Alice's and Bob's balances,
/// rebuilt from L1 and DA alone, are what they deposited.
/// </summary>
public sealed class ZkAttackTests(ITestOutputHelper output) : TempHomeTest("zk-attack")
{
    [Theory]
    [InlineData("overdraft", "ProofInvalid")]
    [InlineData("forged-signature", "ProofInvalid")]
    [InlineData("wrong-root", "ProofInvalid")]
    [InlineData("pubdata-mismatch", "ProofInvalid")]
    public async Task A_faulty_operator_pays_for_its_failed_batch_moves_no_root_and_halts_while_balances_stand(string fault, string reason)
    {
        using var devnet = await ZkDevnet.StartAsync(Home, "--zk-fault", fault);
        var l1 = devnet.L1;
        var aliceFile = Path.Combine(Home, "alice.zkkey");
        var alice = ZkKeyFile.CreateNew(aliceFile);
        var bobFile = Path.Combine(Home, "bob.zkkey");
        var bob = ZkKeyFile.CreateNew(bobFile);
        using (var payer = Lamina.Node.Keys.KeyFile.Read(devnet.DevKeyFile(1)))
        {
            var builder = await devnet.BuilderAsync(payer);
            await l1.SendTransactionAsync(builder.Deposit(ZkDevnet.RollupId, 3, alice.PublicKey, 100_000).Encoded);
            await l1.SendTransactionAsync(builder.Deposit(ZkDevnet.RollupId, 4, bob.PublicKey, 1_000_000).Encoded);
        }
        // Batches of deposits alone go out honestly: both land.
        await Wait.Until(async () => (await l1.GetZkRollupAsync(ZkDevnet.RollupId)) is { PriorityQueueHead: 2, PriorityQueueLength: 0 }, TimeSpan.FromSeconds(90),
            () => $"the operator's honest deposit batches to be verified; operator log:\n{devnet.OperatorLogTail()}");
        var honest = await l1.GetZkRollupAsync(ZkDevnet.RollupId);
        Assert.Equal((UInt128)1_100_000, honest.Escrowed);

        // Alice withdraws 2,000; the operator proves it honestly and sends pubdata paying 102,001. The CLI waits for a
        // verified batch, and stops when the operator halts.
        var recipient = Address.Parse("0x" + new string('7', 40));
        var withdraw = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(180), devnet.ZkCommand(aliceFile, 3, "zk", "withdraw", "--to", recipient.ToString(), "--amount", "2000"));
        Assert.True(withdraw.ExitCode != 0, withdraw.Output);
        Assert.Contains("the operator halted before the transaction was proven", withdraw.Output);

        // L1 included the batch as failed, with its typed reason, and charged its fee.
        var rejection = Assert.Single((await l1.GetZkRejectionsAsync(ZkDevnet.RollupId)).Items);
        using var operatorKey = Lamina.Node.Keys.KeyFile.DevKey(Lamina.Cli.DevnetZk.OperatorDevKey); // derived: the key the operator node holds
        Assert.Equal((honest.Batches, reason, operatorKey.Address), (rejection.BatchNumber, rejection.Reason, rejection.Submitter));
        output.WriteLine($"batch {rejection.BatchNumber} failed at L1 height {rejection.L1Height}: {rejection.Reason}: {rejection.Message}");
        var tx = await l1.GetTransactionAsync(rejection.TxHash);
        Assert.True(tx is { IsIncluded: true, Receipt: not null }, $"the failed batch is not an included transaction: {tx?.Json}");
        Assert.Equal(rejection.L1Height, tx!.BlockHeight);
        var receipt = tx.Receipt!;
        var h = rejection.L1Height;
        var (paidBefore, paidAfter) = (await l1.GetAccountAsync(operatorKey.Address, h - 1), await l1.GetAccountAsync(operatorKey.Address, h));
        Assert.True(receipt.Burned > UInt128.Zero, $"nothing burned: {tx.Json}");
        Assert.Equal(receipt.Burned + receipt.Tip, paidBefore.Balance - paidAfter.Balance);
        Assert.Equal(paidBefore.Nonce + 1, paidAfter.Nonce);

        // The root, the proven batches and the escrow did not move; nothing reached the withdrawal's recipient.
        var after = await l1.GetZkRollupAsync(ZkDevnet.RollupId);
        Assert.Equal((honest.AccountRoot, honest.StateRoot, honest.Batches, honest.Escrowed, 1UL), (after.AccountRoot, after.StateRoot, after.Batches, after.Escrowed, after.RejectedBatches));
        Assert.Equal(UInt128.Zero, (await l1.GetAccountAsync(recipient)).Balance);

        // The operator halted, says why, and refuses new transactions.
        var head = await devnet.Operator.GetZkOperatorHeadAsync();
        Assert.NotNull(head.Halted);
        Assert.Contains($"L1 rejected batch {rejection.BatchNumber} ({reason}", head.Halted);
        var batch = await devnet.Operator.GetZkOperatorBatchAsync(rejection.BatchNumber);
        Assert.Equal("rejected", batch.Phase);
        Assert.StartsWith(reason, batch.LastRejection);
        var transfer = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), devnet.ZkCommand(bobFile, 4, "zk", "transfer", "--to", "3", "--amount", "10", "--no-wait"));
        Assert.True(transfer.ExitCode != 0, transfer.Output);
        Assert.Contains("halted", transfer.Output);

        // Alice's and Bob's balances, from L1 and DA alone, are what they deposited.
        var rebuilt = await ZkStateRebuilder.RebuildAsync(new ClientZkSettlement(l1, l1, ZkDevnet.RollupId, await l1.GetChainIdAsync()));
        Assert.Equal(after.StateRoot.ToArray(), rebuilt.State.Root.ToBytes());
        Assert.Equal((100_000UL, 0U), (rebuilt.State.Accounts.Get(3).Balance, rebuilt.State.Accounts.Get(3).Nonce));
        Assert.Equal(1_000_000UL, rebuilt.State.Accounts.Get(4).Balance);
    }
}
