namespace Lamina.L1.Transactions;

/// <summary>Why a transaction was refused, by the mempool or by block execution.</summary>
public enum TxRejectReason
{
    Malformed,
    Oversize,
    WrongChainId,
    BadSignature,
    NonceTooLow,
    NonceGap,
    InsufficientBalance,
    FeeTooLow,
    GasLimitTooLow,
    GasLimitTooHigh,
    InvalidFeeFields,
    AlreadyKnown,
    ReplacementUnderpriced,
    MempoolFull,
    SenderLimitReached,
    Overflow,
    NotAValidator,
    StakeBelowMinimum,
    InsufficientStake,
    NotJailed,
    StillJailed,
    NothingToWithdraw,
    TooManyUnbondings,
    BlobGasLimitExceeded,
    /// <summary>A blob's max fee per blob gas is below the blob base fee of the next block (mempool admission).</summary>
    BlobFeeTooLow,
    /// <summary>
    /// The blobs already in the block being built leave no room for this one. Not a fault of the transaction: it
    /// stays in the pool for a later block.
    /// </summary>
    BlobSpaceFull,
    /// <summary>The rollups module refused it; the exception is a <c>RollupRejectedException</c> naming the <c>RollupError</c>.</summary>
    RollupRejected,
}
