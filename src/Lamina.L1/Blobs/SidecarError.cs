namespace Lamina.L1.Blobs;

/// <summary>Why a blob sidecar was refused, or why a block's blobs are not available here.</summary>
public enum SidecarError
{
    /// <summary>The sidecar's bytes do not hash to the transaction's commitment.</summary>
    CommitmentMismatch,
    /// <summary>The sidecar's length is not the length the transaction states.</summary>
    LengthMismatch,
    /// <summary>The sidecars are for another block, or their count is not the block's number of blobs.</summary>
    WrongBlock,
    /// <summary>A blob transaction's bytes are not held here.</summary>
    Missing,
}
