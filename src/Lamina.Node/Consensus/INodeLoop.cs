namespace Lamina.Node.Consensus;

/// <summary>
/// The one thread a node's consensus work runs on: every job posts its work here, so the state machine, the chain
/// and the jobs' own state are touched in one order, without locks. The real loop (<see cref="ChannelNodeLoop"/>)
/// runs on a channel and the system clock; a simulation runs the same jobs on a virtual event queue.
/// </summary>
public interface INodeLoop
{
    /// <summary>Runs <paramref name="action"/> on the loop, after the work already queued.</summary>
    void Post(Action action);

    /// <summary>Runs <paramref name="action"/> on the loop once <paramref name="delay"/> has passed on the node's clock.</summary>
    void PostAfter(TimeSpan delay, Action action);
}
