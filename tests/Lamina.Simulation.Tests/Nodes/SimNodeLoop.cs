using Lamina.Node.Consensus;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>A node's loop in virtual time: work runs as events of the simulation queue, timers at the node's skewed rate.</summary>
internal sealed class SimNodeLoop(NodeSimulation sim, WholeNode node, int incarnation) : INodeLoop
{
    public void Post(Action action) => sim.Schedule(sim.Now, new NodeWork(node.Index, incarnation, action));

    public void PostAfter(TimeSpan delay, Action action)
        => sim.Schedule(sim.Now + (long)Math.Ceiling(delay.TotalMilliseconds * node.Skew), new NodeWork(node.Index, incarnation, action));
}
