namespace Lamina.L1.Blocks;

/// <summary>Why a block was refused.</summary>
public enum BlockError
{
    Malformed,
    WrongChain,
    WrongHeight,
    WrongParent,
    BadTime,
    WrongProposer,
    BadLastCommit,
    BadTransaction,
    BadTxRoot,
    BadStateRoot,
    BadDataRoot,
    BadValidatorSet,
    BadBaseFee,
    BadGasUsed,
    GasLimitExceeded,
    SizeLimitExceeded,
    BadEvidence,
    /// <summary>A proposal carries blobs whose sidecars this node does not hold, so its data root cannot be checked.</summary>
    BlobsUnavailable,
}
