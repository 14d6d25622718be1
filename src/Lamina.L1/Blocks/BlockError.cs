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
}
