using System.Diagnostics;

namespace Lamina.Node.Tests.Support;

/// <summary>Polling with a deadline: every wait in these tests ends, and says what it was waiting for when it fails.</summary>
public static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="probe"/> until it returns a value <paramref name="done"/> accepts; returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        var clock = Stopwatch.StartNew();
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (clock.Elapsed > limit) break;
            await Task.Delay(20);
        }
        throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#} s waiting for {what}; last observed: {Describe(last)}");
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonNode n => n.ToJsonString(),
        _ => value.ToString() ?? "?",
    };
}
