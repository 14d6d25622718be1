namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>A clock the test moves by hand (wall time and the monotonic timestamp together).</summary>
internal sealed class ManualTime(long unixMs) : TimeProvider
{
    public long UnixMs { get; set; } = unixMs;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(UnixMs);

    public override long GetTimestamp() => UnixMs;

    public override long TimestampFrequency => 1_000;
}
