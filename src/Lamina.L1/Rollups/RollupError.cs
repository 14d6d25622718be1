namespace Lamina.L1.Rollups;

/// <summary>Why the rollups module refused a transaction (carried by <see cref="RollupRejectedException"/>).</summary>
public enum RollupError
{
    /// <summary>No rollup is registered under the id.</summary>
    UnknownRollup,
    /// <summary>A rollup with that id is already registered.</summary>
    RollupExists,
    /// <summary>The registration's parameters are out of range.</summary>
    InvalidConfig,
    /// <summary>The chain holds <see cref="RollupLimits.MaxRollups"/> rollups already.</summary>
    TooManyRollups,
    /// <summary>A deposit of zero.</summary>
    ZeroDeposit,
    /// <summary>A forced transaction that does not decode as the L2 kind it claims.</summary>
    InvalidForcedTransaction,
    /// <summary>A forced transaction whose L2 signature does not verify for the rollup's chain and id.</summary>
    BadForcedSignature,
    /// <summary>A batch reference from an address that is not the rollup's batch poster.</summary>
    NotBatchPoster,
    /// <summary>A batch number that is not the rollup's next one.</summary>
    BatchOutOfOrder,
    /// <summary>A blob location at or after the current block: it is not in a committed (final) block.</summary>
    BlobNotFinal,
    /// <summary>No blob at that height and index.</summary>
    BlobNotFound,
    /// <summary>The blob at that location is in another namespace than the rollup's.</summary>
    WrongNamespace,
    /// <summary>The data root given is not the data root of the block at that height.</summary>
    DataRootMismatch,
    /// <summary>A batch lists the same blob twice.</summary>
    DuplicateBlob,
    /// <summary>The bond offered with an output is not the rollup's proposer bond.</summary>
    BondMismatch,
    /// <summary>An output whose L2 block number is not above the last output's.</summary>
    OutputNotIncreasing,
    /// <summary>No output with that index.</summary>
    UnknownOutput,
    /// <summary>The output is not finalized (its challenge window is still open, or it is disputed or replaced).</summary>
    OutputNotFinalized,
    /// <summary>The withdrawal (by its id) was already paid out.</summary>
    WithdrawalAlreadyFinalized,
    /// <summary>The withdrawal proof does not open the output root or does not include the receipt.</summary>
    InvalidWithdrawalProof,
    /// <summary>Paying the withdrawal would take more than the rollup's escrow holds.</summary>
    EscrowInsufficient,
    /// <summary>
    /// A blob location older than the DA retention window: DA nodes may have pruned its shares, so no verifier could
    /// derive from it, and L1 no longer keeps the block's blob record.
    /// </summary>
    BlobExpired,
}
