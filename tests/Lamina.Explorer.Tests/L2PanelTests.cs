using System.Globalization;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Explorer.Tests.Support;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;
using Lamina.Node;
using Lamina.Node.Optimistic;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;
using L2Rollup = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Explorer.Tests;

/// <summary>
/// A validator that also runs the da role and the optimistic rollup's sequencer (reaching its own L1 over RPC, as an
/// outsider does), with rollup 13 registered with fees and a 1 s challenge window, so the explorer served by this one
/// node shows the L2 heads next to what L1 holds of the rollup.
/// </summary>
public sealed class SequencerExplorerNode : ExplorerNode
{
    public const ulong RollupId = 13, L2ChainId = 131;
    public static readonly RollupL2Fees Fees = new(3, 80, 100);

    protected override void Prepare()
    {
        base.Prepare();
        var home = Node.Home;
        home.WriteGenesisWithBlobs([new RollupConfig(RollupId, L2ChainId, L2Rollup.GenesisOutputRoot, 1_000, 1, 400, home.Funded[0].Address, Fees)]);
        Lamina.Node.Keys.KeyFile.Write(Path.Combine(home.Path, "batcher.key"), home.Funded[0]);
        var config = NodeConfig.Load(home.Path);
        config.Roles = ["validator", "da", OptimisticNodeModule.Sequencer];
        // Its explorer also names itself as an L2 node (explorerL2Rpcs), as the devnet's validators name sequencer-0 and verifier-0.
        config.ExplorerL2Rpcs = [Node.RpcUri.ToString()];
        config.L2 = new L2RoleConfig { RollupId = RollupId, L1Rpc = Node.RpcUri.ToString(), BlockIntervalMs = 100, BatchIntervalMs = 3_000, ProposeIntervalMs = 500 };
        config.Save(home.Path);
    }
}

/// <summary>
/// The L2 panel in a real browser, against a running sequencer: its unsafe, safe and finalized heads; each batch with
/// its blobs, bytes posted, the L2 blocks and transactions it carries and the bytes per transaction (checked against
/// the sequencer's own blocks); the deposit; and a withdrawal proven against a finalized output and paid on L1.
/// </summary>
public sealed class L2PanelTests(SequencerExplorerNode fixture) : IClassFixture<SequencerExplorerNode>
{
    private const ulong Id = SequencerExplorerNode.RollupId, Fee = 150;

    private static async Task FinalAsync(LaminaRpcClient client, Lamina.L1.Transactions.Transaction tx)
    {
        await client.SendTransactionAsync(tx.Encoded);
        Assert.True(await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(60)) is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
    }

    private static async Task<ulong> NumberAsync(ExplorerPage page, string testId)
    {
        await Expect(page.ByTestId(testId)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9,]+$"));
        return (await page.NumberAsync(testId))!.Value;
    }

    [Fact]
    public async Task Heads_batches_with_bytes_per_transaction_deposits_and_a_paid_withdrawal_show_in_the_L2_panel()
    {
        var home = fixture.Node.Home;
        using var client = new LaminaRpcClient(fixture.Node.RpcUri);
        using var alice = SigningKey.FromSeed([.. Enumerable.Repeat((byte)7, 32)]);
        var bob = new Address([.. Enumerable.Repeat((byte)0xB7, Address.Size)]);
        var l1Recipient = home.Funded[5].Address;
        var depositor = new RollupTxBuilder(home.Funded[1], TestHome.ChainId, (await client.GetAccountAsync(home.Funded[1].Address)).PendingNonce, 10_000, 2);
        await FinalAsync(client, depositor.Deposit(Id, alice.Address, 10_000));
        await Wait.UntilAsync(() => Starting.OrNullAsync(() => client.GetL2AccountAsync(alice.Address)), a => a?.Balance == 10_000, "the sequencer to start and credit the deposit", TimeSpan.FromSeconds(90));

        for (ulong nonce = 0; nonce < 3; nonce++)
            await client.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(OptimisticTransfer.Create(alice, SequencerExplorerNode.L2ChainId, Id, bob, 100 + nonce, Fee, nonce))).Encode());
        var withdrawal = OptimisticWithdrawal.Create(alice, SequencerExplorerNode.L2ChainId, Id, l1Recipient, 2_500, Fee, 3);
        var sent = await client.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(withdrawal)).Encode());
        var safe = await Wait.UntilAsync(() => Starting.OrNullAsync(() => client.GetL2TransactionAsync(sent.Hash)), t => t is { Status: "safe" }, "the withdrawal to be safe", TimeSpan.FromSeconds(90));
        var proofView = await Wait.UntilAsync(() => Starting.OrNullAsync(() => client.GetL2WithdrawalProofAsync(alice.Address, 3)), p => p is not null, "the withdrawal to be finalized", TimeSpan.FromSeconds(90));
        var outputs = await client.GetRollupOutputsAsync(Id, 1, 1000);
        var output = Assert.Single(outputs.Items, o => o.OutputRoot == proofView!.OutputRoot);
        var withdrawer = new RollupTxBuilder(home.Funded[4], TestHome.ChainId, (await client.GetAccountAsync(home.Funded[4].Address)).PendingNonce, 10_000, 2);
        await FinalAsync(client, withdrawer.Withdraw(Id, output.Index, withdrawal.Receipt, OptimisticWithdrawalProof.Decode(proofView!.Proof)));
        // The page lists the latest 8 batches, one every 3 s, most of them carrying only empty L2 blocks: one more
        // transfer, safe just before the page opens, keeps a batch with a transaction among them however long the
        // withdrawal took (under load it took long enough for every batch with a transaction to scroll out).
        var lastTransfer = await client.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(OptimisticTransfer.Create(alice, SequencerExplorerNode.L2ChainId, Id, bob, 99, Fee, 4))).Encode());
        await Wait.UntilAsync(() => Starting.OrNullAsync(() => client.GetL2TransactionAsync(lastTransfer.Hash)), t => t is { Status: "safe" }, "the last transfer to be safe", TimeSpan.FromSeconds(90));

        var before = await client.GetL2HeadAsync();
        await using var explorer = await fixture.OpenAsync("#rollups-section");
        // The heads, live: each between what l2_head said before the page opened and what it says after.
        var shown = (Unsafe: await NumberAsync(explorer, "l2-unsafe"), Safe: await NumberAsync(explorer, "l2-safe"), Finalized: await NumberAsync(explorer, "l2-finalized"));
        var after = await client.GetL2HeadAsync();
        Assert.InRange(shown.Unsafe, before.Unsafe.Number, after.Unsafe.Number);
        Assert.InRange(shown.Safe, before.Safe.Number, after.Safe.Number);
        Assert.InRange(shown.Finalized, before.Finalized.Number, after.Finalized.Number);
        Assert.True(shown.Finalized >= safe!.BlockNumber, "the finalized head is before the withdrawal's block");
        await Expect(explorer.ByTestId("l2-role")).ToHaveTextAsync("sequencer");
        // explorer_l2Heads: the named L2 node's own l2_head, fetched by the L1 node, with its source.
        var proxied = (await client.CallAsync("explorer_l2Heads"))!["heads"]!.AsArray().Single()!;
        Assert.Equal((fixture.Node.RpcUri.ToString(), "sequencer"), (proxied["source"]!.GetValue<string>(), proxied["role"]!.GetValue<string>()));
        Assert.InRange(proxied["safe"]!["number"]!.GetValue<ulong>(), before.Safe.Number, (await client.GetL2HeadAsync()).Safe.Number);
        var panel = explorer.Page.Locator($"[data-testid=rollup][data-rollup-id='{Id}']");
        await Expect(panel.GetByTestId("deposit-amount")).ToHaveTextAsync("10,000");

        // Batches: what each carries, checked against the sequencer's own L2 blocks, and the bytes per transaction.
        await Expect(panel.GetByTestId("batch-row")).Not.ToHaveCountAsync(0);
        var rows = panel.GetByTestId("batch-row");
        ulong bytesWithTxs = 0, txsShown = 0;
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            var number = ulong.Parse((await row.GetAttributeAsync("data-number"))!, CultureInfo.InvariantCulture);
            var served = (await client.CallAsync("explorer_rollupBatches", Id, number, 1))!["batches"]![0]!;
            Assert.True(served["contentError"] is null, $"batch {number}: {served["contentError"]}");
            var (first, last) = (served["firstL2Block"]!.GetValue<ulong>(), served["lastL2Block"]!.GetValue<ulong>());
            var carried = 0;
            // A batch carries the sequenced transactions; deposits and forced transactions come from L1's queues.
            for (var n = first; n <= last; n++)
                carried += (await client.CallAsync("l2_getBlock", n))!["transactions"]!.AsArray().Count(t => t!["kind"]!.GetValue<string>() == "sequenced");
            var txs = served["transactions"]!.GetValue<int>();
            Assert.Equal(carried, txs);
            var posted = served["postedBytes"]!.GetValue<ulong>();
            Assert.Equal(posted, served["blobs"]!.AsArray().Aggregate(0UL, (sum, b) => sum + b!["bytes"]!.GetValue<ulong>()));
            await Expect(row.GetByTestId("batch-bytes")).ToHaveTextAsync(posted.ToString("N0", CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("batch-txs")).ToHaveTextAsync(txs.ToString(CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("batch-blocks")).ToHaveTextAsync($"{first}–{last}");
            await Expect(row.GetByTestId("batch-bytes-per-tx")).ToHaveTextAsync(txs == 0 ? "–" : Math.Round((double)posted / txs, 1).ToString(CultureInfo.InvariantCulture));
            if (txs > 0) (bytesWithTxs, txsShown) = (bytesWithTxs + posted, txsShown + (ulong)txs);
        }
        Assert.True(txsShown > 0, "no batch on the page carries a transaction");
        await Expect(panel.GetByTestId("rollup-bytes-per-tx")).ToHaveTextAsync(((double)bytesWithTxs / txsShown).ToString("0.0", CultureInfo.InvariantCulture) + " B");

        // The withdrawal L1 paid, against the output it was proven with.
        var paid = panel.GetByTestId("withdrawal-row");
        await Expect(paid).ToHaveCountAsync(1);
        await Expect(paid.GetByTestId("withdrawal-amount")).ToHaveTextAsync("2,500");
        await Expect(paid).ToContainTextAsync(output.Index.ToString(CultureInfo.InvariantCulture));
        explorer.AssertNoErrors();
    }
}
