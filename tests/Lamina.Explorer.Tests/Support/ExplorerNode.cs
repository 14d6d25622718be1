using Lamina.Node.Tests.Support;
using Microsoft.Playwright;

namespace Lamina.Explorer.Tests.Support;

/// <summary>
/// A real node (RocksDB, Kestrel, its own validator) plus one headless Chromium, shared by a test class. Blocks come
/// every 200 ms: a devnet-like pace the page must keep up with, slow enough that two cores also run the browser.
/// Fixtures for other layers' panels derive from it and write their own genesis and config in <see cref="Prepare"/>.
/// </summary>
public class ExplorerNode : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public NodeFixture Node { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not running");

    public async Task InitializeAsync()
    {
        // Fail, never skip: a machine without the browser would otherwise pass CI without testing the page.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}; the explorer browser tests need it. "
                + "Install it with `apt-get install -y chromium` (.ci/run does this on CI).");
        }
        Prepare();
        await Node.StartAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // CI runs as root, where Chromium refuses to start with its sandbox.
            Args = ["--no-sandbox"],
        });
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>Writes the node's home before it starts: here only the 200 ms block interval.</summary>
    protected virtual void Prepare()
    {
        var config = Lamina.Node.NodeConfig.Load(Node.Home.Path);
        config.BlockIntervalMs = 200;
        config.Save(Node.Home.Path);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_browser is not null) await _browser.CloseAsync();
            _playwright?.Dispose();
        }
        finally
        {
            await Node.DisposeAsync();
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> (the explorer by default) in a fresh browser context and records every console
    /// error and uncaught exception.
    /// </summary>
    public async Task<ExplorerPage> OpenAsync(string path = "")
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var session = new ExplorerPage(context, page);
        var response = await page.GotoAsync(new Uri(Node.Home.BaseUri, path).ToString());
        Assert.True(response is { Ok: true }, $"GET /{path} answered {response?.Status}");
        return session;
    }
}
