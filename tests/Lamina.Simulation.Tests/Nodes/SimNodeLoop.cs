using Lamina.Node.Consensus;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>A node's loop in virtual time: work runs as events of the simulation queue, timers at the node's skewed rate.</summary>
internal sealed class SimNodeLoop(NodeSimulation sim, WholeNode node, int incarnation) : INodeLoop
{
    public void Post(Action action) => sim.Schedule(sim.Now, new NodeWork(node.Index, incarnation, action));

    public void PostAfter(TimeSpan delay, Action action)
    {
        // The consensus loop's re-send tick and block sync's poll recur every BlockSync.Interval for as long as the
        // node runs: they are the node's background, not timers that something waits on.
        var periodic = delay == BlockSync.Interval && action.Target is ConsensusLoop or BlockSync;
        var resend = action.Target is ConsensusLoop;
        var work = periodic && resend ? () => { node.ResendTicked(sim.Now); action(); } : action;
        sim.Schedule(sim.Now + (long)Math.Ceiling(delay.TotalMilliseconds * node.Skew), new NodeWork(node.Index, incarnation, work, periodic));
    }
}
