using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Lamina.Core;
using Lamina.Explorer.Tests.Support;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Lamina.Explorer.Tests;

/// <summary>The explorer page in a real browser against a live node: what a user sees, checked against the RPC's answers.</summary>
public sealed class ExplorerPageTests(ExplorerNode fixture) : IClassFixture<ExplorerNode>
{
    private NodeFixture Node => fixture.Node;

    private sealed record BlockRow(ulong Height, string Hash, string Proposer, int Txs);

    [Fact]
    public async Task Head_blocks_validators_and_fees_show_and_update_live_without_reload()
    {
        await using var explorer = await fixture.OpenAsync();
        var page = explorer.Page;
        await Expect(explorer.ByTestId("connection")).ToHaveTextAsync("live");
        await Expect(explorer.ByTestId("chain-id")).ToHaveTextAsync(TestHome.ChainId);
        // This node runs neither da nor light: the DA panel says so and where to look instead.
        await Expect(explorer.ByTestId("da-status")).ToHaveTextAsync("not served here");
        await Expect(explorer.ByTestId("da-not-da")).ToBeVisibleAsync();
        // Nor does its chain run the rollups module.
        await Expect(explorer.ByTestId("rollup-status")).ToHaveTextAsync("none on this chain");
        await Expect(explorer.ByTestId("rollup-none")).ToBeVisibleAsync();
        // Set once after load: still there at the end only if the page never reloaded.
        await page.EvaluateAsync("() => { window.loadedOnce = true; }");

        var first = await Wait.UntilAsync(() => explorer.NumberAsync("head-height"), h => h is not null, "a head height on the page");
        await Wait.UntilAsync(() => explorer.NumberAsync("head-height"), h => h >= first + 5, $"the page's head height to pass {first + 5}", TimeSpan.FromSeconds(30));

        // The latest 15 blocks, newest first, one per height down from the head, each as the node has it.
        await Expect(explorer.ByTestId("block-row")).ToHaveCountAsync(15);
        var rows = await Wait.UntilAsync(async () => (await explorer.ByTestId("block-row").EvaluateAllAsync<string[][]>(
                "rows => rows.map(r => [r.dataset.height, r.cells[1].querySelector('a').title, r.cells[2].querySelector('a')?.title ?? r.cells[2].textContent, r.cells[3].textContent])"))
                .Select(c => new BlockRow(ulong.Parse(c[0], CultureInfo.InvariantCulture), c[1], c[2], int.Parse(c[3], CultureInfo.InvariantCulture))).ToList(),
            r => r.Count == 15 && r.Zip(r.Skip(1)).All(p => p.First.Height == p.Second.Height + 1), "15 consecutive block rows");
        foreach (var row in rows)
        {
            var block = (await Node.CallAsync("l1_getBlock", row.Height))!;
            Assert.Equal(block["hash"]!.GetValue<string>(), row.Hash);
            Assert.Equal(row.Height == 0 ? "genesis" : Node.Home.Validator.Address.ToString(), row.Proposer);
            Assert.Equal(block["transactions"]!.AsArray().Count, row.Txs);
        }

        // Head height and hash are rendered together, so they always name the same block.
        var head = await page.EvaluateAsync<string[]>("() => [document.getElementById('head-height').textContent, document.getElementById('head-hash').textContent]");
        Assert.Equal((await Node.CallAsync("l1_getBlock", ulong.Parse(head[0], CultureInfo.InvariantCulture)))!["hash"]!.GetValue<string>(), head[1]);
        var finalized = await Wait.UntilAsync(() => explorer.NumberAsync("head-finalized"), f => f is > 0, "a finalized height");
        Assert.True(finalized >= first, $"finalized height {finalized} is behind the first head seen ({first})");

        var validator = page.Locator($"[data-testid=validator-row][data-address='{Node.Home.Validator.Address}']");
        await Expect(page.GetByTestId("validator-row")).ToHaveCountAsync(1);
        await Expect(validator.GetByTestId("validator-status")).ToHaveTextAsync("active");
        await Expect(validator.GetByTestId("validator-power")).ToHaveTextAsync("100");

        await Expect(explorer.ByTestId("base-fee")).ToHaveTextAsync(new Regex(@"^\d{1,3}(,\d{3})*$"));
        await Expect(explorer.ByTestId("transfer-cost")).ToHaveTextAsync(new Regex(@"^\d{1,3}(,\d{3})*$"));
        await Expect(explorer.ByTestId("fee-detail")).ToContainTextAsync("× 21,000 gas");
        await Expect(explorer.ByTestId("mempool")).ToHaveTextAsync(new Regex(@"^\d+ txs?, \d{1,3}(,\d{3})* B$"));
        await Expect(explorer.ByTestId("head-age")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? (s|min)$"));
        await Expect(explorer.ByTestId("block-interval")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? (s|min)$"));
        await Expect(explorer.ByTestId("head-time")).ToHaveTextAsync(new Regex(@"^\d\d:\d\d:\d\d$"));
        await Expect(explorer.ByTestId("l1-error")).ToBeHiddenAsync();

        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "the page reloaded");
        explorer.AssertNoErrors();
    }

    [Fact]
    public async Task A_transfer_is_found_by_its_hash_with_receipt_and_block_and_its_recipient_by_address()
    {
        await using var explorer = await fixture.OpenAsync();
        var page = explorer.Page;
        var sender = Node.Home.Funded[1];
        var recipient = TestHome.RandomAddress();
        var nonce = await Node.PendingNonceAsync(sender.Address);
        var tx = TestHome.Transfer(sender, nonce, recipient, 123_456_789);
        var hash = tx.Hash.ToString();
        await Node.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded));

        // Searched at once it may still be pending; the page looks again until a block includes it.
        await explorer.SearchAsync(hash);
        await Expect(explorer.ByTestId("tx-status")).ToHaveTextAsync("included, final");
        var blockHeight = (await Node.WaitIncludedAsync(hash))["blockHeight"]!.GetValue<ulong>().ToString(CultureInfo.InvariantCulture);
        await Expect(explorer.ByTestId("tx-hash")).ToHaveTextAsync(hash);
        await Expect(explorer.ByTestId("tx-from")).ToHaveTextAsync(sender.Address.ToString());
        await Expect(explorer.ByTestId("tx-to")).ToHaveTextAsync(recipient.ToString());
        await Expect(explorer.ByTestId("tx-amount")).ToHaveTextAsync("123,456,789");
        await Expect(explorer.ByTestId("tx-block")).ToContainTextAsync(blockHeight + " (");
        await Expect(explorer.ByTestId("receipt-status")).ToHaveTextAsync("success");
        await Expect(explorer.ByTestId("receipt-gas")).ToHaveTextAsync("21,000");

        // Its block is one click away and lists it.
        await explorer.ByTestId("tx-block").GetByRole(Microsoft.Playwright.AriaRole.Link).ClickAsync();
        await Expect(explorer.ByTestId("block-height")).ToHaveTextAsync(blockHeight);
        await Expect(page.Locator($"[data-testid=block-tx] a[title='{hash}']")).ToHaveCountAsync(1);

        // Hashes are accepted without 0x and in capitals.
        await explorer.SearchAsync(hash[2..].ToUpperInvariant());
        await Expect(explorer.ByTestId("tx-hash")).ToHaveTextAsync(hash);

        await explorer.SearchAsync(recipient.ToString());
        await Expect(explorer.ByTestId("account-address")).ToHaveTextAsync(recipient.ToString());
        await Expect(explorer.ByTestId("account-balance").Locator("span")).ToHaveAttributeAsync("data-value", "123456789");
        await Expect(explorer.ByTestId("account-balance")).ToHaveTextAsync("123,456,789");
        await Expect(explorer.ByTestId("account-nonce")).ToHaveTextAsync("0");

        await explorer.SearchAsync(sender.Address.ToString());
        await Expect(explorer.ByTestId("account-address")).ToHaveTextAsync(sender.Address.ToString());
        await Expect(explorer.ByTestId("account-nonce")).ToHaveTextAsync((nonce + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(explorer.ByTestId("search-error")).ToBeHiddenAsync();
        explorer.AssertNoErrors();
    }

    [Fact]
    public async Task Garbage_and_unknown_queries_are_answered_in_words()
    {
        await using var explorer = await fixture.OpenAsync();
        var error = explorer.ByTestId("search-error");

        await explorer.SearchAsync("hello, explorer!");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("“hello, explorer!” is not a block height, a block hash, a transaction hash or an address");
        await Expect(explorer.ByTestId("search-result")).ToBeHiddenAsync();

        var unknown = new Hash256(RandomNumberGenerator.GetBytes(Hash256.Size)).ToString();
        await explorer.SearchAsync(unknown);
        await Expect(error).ToContainTextAsync($"No transaction and no block has the hash {unknown}");

        await explorer.SearchAsync("999999999");
        await Expect(error).ToContainTextAsync("There is no block at height 999999999 yet: the head is at height");

        // The node's own refusal reaches the user as words too.
        await explorer.SearchAsync("99999999999999999999999");
        await Expect(error).ToContainTextAsync("The node refused the request: parameter 'block' must be a non-negative integer");

        await explorer.SearchAsync("   ");
        await Expect(error).ToContainTextAsync("Type a block height, a block hash, a transaction hash or an address");

        // A good query after bad ones replaces the error with the result.
        await explorer.SearchAsync("0");
        await Expect(explorer.ByTestId("block-height")).ToHaveTextAsync("0");
        await Expect(error).ToBeHiddenAsync();
        explorer.AssertNoErrors();
    }
}
