/// <summary>
/// Polls a monotone counter (an L1 height, an L2 safe head, a proven batch count) every few ms in the background and
/// keeps when each value was first seen, so a transaction's latency to "its block is there" is read afterwards,
/// without one poll per transaction.
/// </summary>
internal sealed class HeightWatcher : IAsyncDisposable
{
    private readonly List<(ulong Value, double AtMs)> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HeightWatcher(Func<Task<ulong>> probe, int everyMs = 20)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var value = await probe();
                    var now = BenchClock.NowMs;
                    lock (_seen)
                    {
                        if (_seen.Count == 0 || value > _seen[^1].Value) _seen.Add((value, now));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Lamina.Client.RpcException or Lamina.Client.RpcClientException)
                {
                }
                try
                {
                    await Task.Delay(everyMs, _stop.Token);
                }
                catch (TaskCanceledException)
                {
                }
            }
        });
    }

    /// <summary>When a value ≥ <paramref name="value"/> was first seen, or null if not yet.</summary>
    public double? FirstSeen(ulong value)
    {
        lock (_seen)
        {
            foreach (var (v, at) in _seen)
            {
                if (v >= value) return at;
            }
            return null;
        }
    }

    public async Task<double> WaitAsync(ulong value, string what, TimeSpan patience)
    {
        await BenchClock.UntilAsync(() => Task.FromResult(FirstSeen(value) is not null), what, patience, 10);
        return FirstSeen(value)!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
