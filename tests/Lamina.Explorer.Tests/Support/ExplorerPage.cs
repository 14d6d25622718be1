using Microsoft.Playwright;

namespace Lamina.Explorer.Tests.Support;

/// <summary>One open explorer tab in its own browser context, with everything the page logged as an error.</summary>
public sealed class ExplorerPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public ExplorerPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Record($"console error: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => Record($"uncaught exception: {error}");
    }

    public IPage Page { get; }

    public ILocator ByTestId(string id) => Page.GetByTestId(id);

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    private void Record(string error)
    {
        lock (_errors) _errors.Add(error);
    }

    /// <summary>Types a query into the search box and submits it with Enter, as a user would.</summary>
    public async Task SearchAsync(string query)
    {
        await ByTestId("search-input").FillAsync(query);
        await ByTestId("search-input").PressAsync("Enter");
    }

    /// <summary>The integer shown in an element, or null while it shows a placeholder.</summary>
    public async Task<ulong?> NumberAsync(string testId)
    {
        var text = (await ByTestId(testId).TextContentAsync())?.Replace(",", "", StringComparison.Ordinal).Trim();
        return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public void AssertNoErrors(Func<string, bool>? allowed = null)
    {
        var errors = Errors.Where(e => allowed is null || !allowed(e)).ToList();
        Assert.True(errors.Count == 0, "the page logged errors:\n" + string.Join("\n", errors));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
