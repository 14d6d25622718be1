using Lamina.Node.Consensus;

namespace Lamina.Node.Tests.Support;

/// <summary>A node loop that runs posted work at once and drops delayed work, so a test drives a job step by step.</summary>
internal sealed class ImmediateLoop : INodeLoop
{
    public void Post(Action action) => action();
    public void PostAfter(TimeSpan delay, Action action) { }
}
