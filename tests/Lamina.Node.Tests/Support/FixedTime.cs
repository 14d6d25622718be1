namespace Lamina.Node.Tests.Support;

/// <summary>A clock that always reads the same instant, for tests that build blocks with a known timestamp.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
