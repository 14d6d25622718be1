namespace Lamina.Simulation.Tests.Nodes;

internal abstract record NodeEvent;

/// <summary>
/// Work a node posted to its loop (dropped if the node crashed since). <paramref name="Periodic"/> marks the jobs'
/// own periodic ticks (vote re-send, block-sync poll), which the stall watchdog does not count as pending timers.
/// </summary>
internal sealed record NodeWork(int Node, int Incarnation, Action Action, bool Periodic = false) : NodeEvent;

/// <summary>A one-way message on a channel.</summary>
internal sealed record WireMessage(int From, int To, byte Channel, byte[] Payload) : NodeEvent;

/// <summary>A request reaching its server, or the server's reply (or a failure) reaching the asker.</summary>
internal sealed record WireRequest(int From, int To, byte Channel, byte[] Payload, TaskCompletionSource<ReadOnlyMemory<byte>> Reply) : NodeEvent;

internal sealed record WireReply(int To, int Incarnation, byte[]? Payload, TaskCompletionSource<ReadOnlyMemory<byte>> Reply) : NodeEvent;

internal sealed record NodeCrash(int Node) : NodeEvent;

internal sealed record NodeRestart(int Node) : NodeEvent;

internal sealed record NetworkPartition(bool[]? Side) : NodeEvent;

/// <summary>The client's tick: submit new transfers, re-submit those not yet included.</summary>
internal sealed record ClientWake : NodeEvent;

/// <summary>The ZK operator's loop and the ZK user's script (<see cref="ZkScenario"/>): periodic, like the client.</summary>
internal sealed record ZkTick : NodeEvent;

/// <summary>A batch proof finishing; dropped when the operator incarnation that started it crashed since.</summary>
internal sealed record ZkProofDone(int Incarnation, Action Run) : NodeEvent;

internal sealed record ZkOperatorCrash : NodeEvent;

internal sealed record ZkOperatorRestart : NodeEvent;

/// <summary>A dispute party's loop (<see cref="DisputeScenario"/>): periodic, like the client.</summary>
internal sealed record DisputeTick(int Party, int Incarnation) : NodeEvent;

/// <summary>A dispute party's signed transaction reaching an L1 node after the run's message delay (<paramref name="Arrived"/>: it is no longer on its way).</summary>
internal sealed record DisputeSubmit(int Party, int Incarnation, Lamina.L1.Transactions.Transaction Tx, Action Arrived) : NodeEvent;

/// <summary>A dispute party's sender looks again at its transactions in flight (its poll interval has passed).</summary>
internal sealed record DisputeWake(int Party, int Incarnation, TaskCompletionSource Done) : NodeEvent;

internal sealed record DisputePartyCrash(int Party) : NodeEvent;

internal sealed record DisputePartyRestart(int Party) : NodeEvent;
