namespace Lamina.Node.Sidecars;

/// <summary>
/// Fault injection for tests and the simulation only (config <c>faultWithholdSidecars</c>): a proposer that publishes
/// none or only part of its blobs' sidecars and serves none, the data-withholding attack validators must refuse.
/// </summary>
public enum SidecarFault
{
    None,
    /// <summary>Publishes and serves no sidecar.</summary>
    WithholdAll,
    /// <summary>Publishes every sidecar but the block's last, and serves none: part of the square is missing.</summary>
    WithholdPart,
}
