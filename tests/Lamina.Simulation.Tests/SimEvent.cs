using Lamina.Consensus;

namespace Lamina.Simulation.Tests;

internal abstract record SimEvent;

internal sealed record DeliverEvent(int To, int From, SimMessage Message) : SimEvent;
internal sealed record TimerEvent(int Node, int Incarnation, TimeoutElapsed Timeout) : SimEvent;
internal sealed record RegossipEvent(int Node, int Incarnation) : SimEvent;
internal sealed record CrashEvent(int Node) : SimEvent;
internal sealed record RestartEvent(int Node) : SimEvent;
internal sealed record PartitionEvent(bool[]? Side) : SimEvent;
