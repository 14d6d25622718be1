namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// Virtual time for the whole-node simulation: wall-clock readings (block times, proposal timeliness) come from the
/// event queue's clock. Timers are the node loop's business (<see cref="SimNodeLoop"/>), so creating one here is a bug.
/// </summary>
internal sealed class VirtualClock(long epochMs, Func<long> now) : TimeProvider
{
    public long NowMs => now();

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(epochMs + NowMs);

    public override long TimestampFrequency => 1_000;

    public override long GetTimestamp() => NowMs;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => throw new InvalidOperationException("simulated nodes schedule through their node loop, never a timer");
}
