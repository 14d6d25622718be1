namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A service a simulated node runs: the L1 chain with its consensus jobs today (<see cref="L1Service"/>); DA nodes'
/// sampling and rollup agents join as further services. Each (re)start builds it afresh from the node's durable
/// state through a <see cref="SimNodeContext"/>; a crash drops it with the rest of the process.
/// </summary>
internal interface ISimService
{
    string Name { get; }
}

/// <summary>What a service is started with: the node (keys, durable stores), its network and loop of this incarnation, the clock.</summary>
internal sealed record SimNodeContext(NodeSimulation Sim, WholeNode Node, SimPeerNetwork Network, SimNodeLoop Loop)
{
    public VirtualClock Clock => Sim.Clock;
}
