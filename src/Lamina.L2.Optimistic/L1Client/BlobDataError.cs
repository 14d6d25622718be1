namespace Lamina.L2.Optimistic.L1Client;

/// <summary>Why a DA node's answer for a batch blob was not believed.</summary>
public enum BlobDataError
{
    /// <summary>The answer is not the da_getNamespaceData shape, or its shares or proofs do not decode.</summary>
    Malformed,

    /// <summary>The data root the rollups module recorded for the batch is not the L1 header's.</summary>
    DataRootMismatch,

    /// <summary>A row root's path does not lead to the header's data root.</summary>
    RowNotInDataRoot,

    /// <summary>A row's shares are not exactly the namespace's shares under the proven row root.</summary>
    NamespaceProofFailed,

    /// <summary>The proven shares hold fewer blobs than the batch reference points at.</summary>
    BlobMissing,
}

/// <summary>
/// A DA node served bytes for a batch blob that its namespace proof does not tie to the L1 header's data root:
/// derivation refuses to use them (and tries again), rather than derive a safe head from unproven data.
/// </summary>
public sealed class InvalidBlobDataException(BlobDataError error, string reason) : Exception($"{error}: {reason}")
{
    public BlobDataError Error { get; } = error;
}
