namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// One of a role's periodic loops: a round every interval (measured from the start of one round to the start of the
/// next) until cancelled, then it ends quietly. A failed round (L1 unreachable, a post refused) is retried at the next one; its message is
/// kept until a round succeeds.
/// </summary>
internal sealed class RoundLoop(TimeProvider time, int intervalMs, Func<CancellationToken, Task> round)
{
    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Off the caller's thread at once, so a role's loops start together.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await round(cancellationToken);
                LastError = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LastError = e.Message;
            }
            var waitMs = intervalMs - time.GetElapsedTime(started).TotalMilliseconds;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, waitMs)), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
