using Lamina.Explorer.Tests.Support;
using Lamina.Node.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Lamina.Explorer.Tests;

/// <summary>The page survives its node going away: it says so, reconnects on its own, and catches up on what it missed.</summary>
public sealed class ExplorerReconnectTests(ExplorerNode fixture) : IClassFixture<ExplorerNode>
{
    [Fact]
    public async Task A_restarted_node_is_followed_again_without_reload()
    {
        await using var explorer = await fixture.OpenAsync();
        var connection = explorer.ByTestId("connection");
        await Expect(connection).ToHaveTextAsync("live");
        await Wait.UntilAsync(() => explorer.NumberAsync("head-height"), h => h >= 3, "the page to show height 3");
        await explorer.Page.EvaluateAsync("() => { window.loadedOnce = true; }");

        var stoppedAt = await fixture.Node.HeightAsync();
        await fixture.Node.StopAsync();
        await Expect(connection).ToContainTextAsync("reconnecting");
        await Expect(explorer.ByTestId("l1-error")).ToContainTextAsync("Could not talk to the node");

        await fixture.Node.StartAsync();
        await Expect(connection).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Wait.UntilAsync(() => explorer.NumberAsync("head-height"), h => h >= stoppedAt + 5, $"the head to pass {stoppedAt + 5} after the restart",
            TimeSpan.FromSeconds(30));
        await Expect(explorer.ByTestId("l1-error")).ToBeHiddenAsync();
        await Expect(explorer.ByTestId("block-row")).ToHaveCountAsync(15);
        Assert.True(await explorer.Page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "the page reloaded");

        // While the node was down the browser itself reports the refused connections; nothing else may be logged.
        explorer.AssertNoErrors(e => e.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal)
            || e.Contains("WebSocket connection to", StringComparison.Ordinal));
    }
}
