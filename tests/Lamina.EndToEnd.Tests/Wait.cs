namespace Lamina.EndToEnd.Tests;

internal static class Wait
{
    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the deadline.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what) => Until(condition, timeout, () => what);

    /// <summary>As above, with <paramref name="what"/> read at the deadline, so it can show a process's output by then.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what()}" + (last is null ? "" : $"; last error: {last.Message}"));
    }
}
