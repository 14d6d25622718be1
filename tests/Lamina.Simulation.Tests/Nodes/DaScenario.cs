namespace Lamina.Simulation.Tests.Nodes;

/// <summary>How a faulty validator attacks data availability in the whole-node simulation.</summary>
public enum DaFault
{
    /// <summary>Proposes blocks carrying its own blob, never gossiped, and publishes and serves no sidecar.</summary>
    WithholdAll,
    /// <summary>The same, but publishes every sidecar of its block except the last: part of the square is missing.</summary>
    WithholdPart,
    /// <summary>Proposes blocks whose header's data root is not the root of its blobs' square (a bad encoding as seen by a validator holding the bytes).</summary>
    BadDataRoot,
}

/// <summary>
/// A whole-node run on a chain with blobs: clients post blobs beside their transfers, and the last validator (when
/// <see cref="Fault"/> is set) attacks availability; every node runs the da role and light nodes sample
/// (<c>NodeSimulation.Sampling.cs</c>). With <see cref="CrashDaNode"/>, node 0 (an honest DA node and validator) is down
/// for 2–4 s after GST while light nodes sample. The run's config must draw no Byzantine node of its own.
/// </summary>
public sealed record DaScenario(DaFault? Fault, bool CrashDaNode = false)
{
    public override string ToString() => (Fault is { } f ? $"da-{f}" : "da-honest") + (CrashDaNode ? "-dacrash" : "");
}
