using System.Threading.Channels;

namespace Lamina.Node.Consensus;

/// <summary>The node loop of a real process: an unbounded single-reader channel and <see cref="TimeProvider"/> timers.</summary>
public sealed class ChannelNodeLoop(TimeProvider time, ILogger logger) : INodeLoop
{
    private readonly Channel<Action> _events = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(Action action) => _events.Writer.TryWrite(action);

    public void PostAfter(TimeSpan delay, Action action) => _ = FireLater(delay, action);

    private async Task FireLater(TimeSpan delay, Action action)
    {
        try
        {
            await Task.Delay(delay, time);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Post(action);
    }

    /// <summary>Runs posted work until <paramref name="cancellation"/>; <paramref name="height"/> names the height in error logs.</summary>
    public async Task RunAsync(Func<ulong> height, CancellationToken cancellation)
    {
        try
        {
            await foreach (var action in _events.Reader.ReadAllAsync(cancellation))
            {
                try
                {
                    action();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad event (a peer's block that trips a bug, a refused double-sign) must not stop consensus.
                    logger.LogError(e, "Consensus event failed at height {Height}", height());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
